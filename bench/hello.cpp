// The baseline for bench/startup.sh: the smallest C++ program that prints a line.
#include <iostream>

int main() {
    std::cout << "hello, world\n";
}
