/* The baseline for bench/startup.sh that issue "Every mode as fast as the scan" names: the
   smallest C program that prints a line. */
#include <stdio.h>

int main(void) {
    puts("hello, world");
    return 0;
}
