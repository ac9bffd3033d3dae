// Table-driven checks of a function from one text to another, so that a test lists its cases
// as data and a failure names the case that failed.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>
#include <utility>

namespace sipwhy::test {

// An input and what the function under test should make of it.
using TextCase = std::pair<std::string_view, std::string_view>;

// Checks Fn(input) == want for each case; a failure names its input.
template <auto Fn>
void expect_each(std::initializer_list<TextCase> cases) {
    for (const auto& [input, want] : cases) {
        EXPECT_EQ(Fn(input), want) << input;
    }
}

}  // namespace sipwhy::test
