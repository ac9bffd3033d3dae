// A problem found in user input (a knowledge-base file, a log, a query), worded like a
// compiler's: `source:line:column: message`, or `source: /json/path: message`.
#pragma once

#include <sipwhy/category.hpp>

#include <string>
#include <utility>
#include <variant>

namespace sipwhy {

struct Diagnostic {
    std::string source;  // file name, "<stdin>", or the query text
    int line = 0;        // 1-based; 0 when unknown
    int column = 0;      // 1-based; 0 when unknown
    std::string path;    // JSON pointer inside `source`, or empty
    std::string message;
    std::string message_ru;  // the message in Russian; empty when it has none (then `message`)

    // "source:line:column: message", "source: /path: message" or "source: message", with the
    // message in `lang`.
    std::string to_string(Lang lang = Lang::en) const;
    bool operator==(const Diagnostic&) const = default;
};

// A value or the diagnostic that explains why there is none. Used for user-input failures,
// which are expected and reported, never thrown.
template <class T>
class Expected {
public:
    Expected(T value) : m_v(std::move(value)) {}
    Expected(Diagnostic error) : m_v(std::move(error)) {}

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    const T& value() const { return std::get<0>(m_v); }
    T& value() { return std::get<0>(m_v); }
    const T& operator*() const { return value(); }
    const T* operator->() const { return &value(); }
    const Diagnostic& error() const { return std::get<1>(m_v); }

private:
    std::variant<T, Diagnostic> m_v;
};

}  // namespace sipwhy
