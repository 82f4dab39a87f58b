#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace facecase {

// What went wrong, in words a user can act on ("photo.jpg: truncated JPEG data").
// `kind` lets callers tell apart failures that need different handling without parsing text.
struct Error {
    enum class Kind {
        InvalidInput,   // the user's file or argument is bad
        NotFound,       // a file, model or record does not exist
        ModelError,     // a model file is missing, corrupt or mismatched
        Internal,       // a library failed where it should not have
        Cancelled,
        PasswordNeeded, // the database server asks for a password nobody gave yet: ask, retry
        // What the user decided on changed meanwhile (another analyst, another window): nothing
        // was written; look at the current state and decide again.
        Conflict,
    };
    Kind kind = Kind::InvalidInput;
    QString message;

    static Error invalidInput(QString text) { return {Kind::InvalidInput, std::move(text)}; }
    static Error notFound(QString text) { return {Kind::NotFound, std::move(text)}; }
    static Error model(QString text) { return {Kind::ModelError, std::move(text)}; }
    static Error internal(QString text) { return {Kind::Internal, std::move(text)}; }
    static Error cancelled(QString text) { return {Kind::Cancelled, std::move(text)}; }
    static Error passwordNeeded(QString text) { return {Kind::PasswordNeeded, std::move(text)}; }
    static Error conflict(QString text) { return {Kind::Conflict, std::move(text)}; }
};

// A value or an Error: the std::expected of this C++20 code base. Module boundaries return it
// instead of throwing, so no exception can escape into a Qt event handler.
template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return std::get<0>(m_state); }
    T& value() & { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    const T& operator*() const& { return value(); }
    T& operator*() & { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }

    const Error& error() const { return std::get<1>(m_state); }
    QString errorMessage() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }
    QString errorMessage() const { return ok() ? QString() : m_error->message; }

private:
    std::optional<Error> m_error;
};

}  // namespace facecase
