// Error, Status and Result<T>: how every fallible call in wppackages reports
// failure. Our code never throws; library exceptions stop at one boundary
// function and become an Error.

#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace wpp::base {

// Few codes, chosen by what the caller should do about the failure.
enum class ErrorCode {
  kInvalidArgument,     // The caller's input is wrong; retrying will not help.
  kNotFound,            // The named thing does not exist.
  kAlreadyExists,       // Creating something that is already there.
  kPermissionDenied,    // Credentials or authorisation refused.
  kUnavailable,         // Transient: network, timeout, 5xx, lock held. Retry later.
  kDataLoss,            // Input that cannot be read: malformed JSON, bad UTF-8.
  kFailedPrecondition,  // State forbids the operation (newer schema, no build).
  kInternal,            // A bug or an unexpected environment failure.
};

std::string_view ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes context, Go style: "update akismet: " + "HTTP 503".
  Error&& Annotate(std::string_view context) && {
    message_ = std::string(context) + ": " + message_;
    return std::move(*this);
  }
  Error Annotated(std::string_view context) const {
    return Error(code_, std::string(context) + ": " + message_);
  }

 private:
  ErrorCode code_;
  std::string message_;
};

// Either success or an Error.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  static Status Ok() { return Status(); }

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  // Calling error() on an ok Status is a bug.
  const Error& error() const& { return std::get<Error>(error_); }
  Error&& error() && { return std::get<Error>(std::move(error_)); }

 private:
  std::variant<std::monostate, Error> error_{};
  bool ok_ = true;
};

// Holds either a T or an Error. Construct it implicitly from either.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error error)
      : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool has_value() const { return state_.index() == 0; }
  bool ok() const { return has_value(); }
  explicit operator bool() const { return has_value(); }

  // value() on an error, or error() on a value, is a bug: std::get throws
  // std::bad_variant_access and nothing catches it.
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const Error& error() const& { return std::get<1>(state_); }
  Error&& error() && { return std::get<1>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  Status status() const { return has_value() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace wpp::base

// Propagation helpers. Both evaluate `expr` once and, on failure, return its
// Error from the enclosing function. `lhs` may declare a new variable.
// NOLINTBEGIN(bugprone-macro-parentheses): `lhs` is a declaration.
#define WPP_RETURN_IF_ERROR(expr)                  \
  do {                                             \
    if (auto wpp_status_ = (expr); !wpp_status_) { \
      return std::move(wpp_status_).error();       \
    }                                              \
  } while (false)

#define WPP_ASSIGN_OR_RETURN(lhs, expr) \
  WPP_INTERNAL_ASSIGN_OR_RETURN(WPP_INTERNAL_CONCAT(wpp_result_, __LINE__), lhs, expr)

#define WPP_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp) {                                         \
    return std::move(tmp).error();                    \
  }                                                   \
  lhs = std::move(tmp).value()

#define WPP_INTERNAL_CONCAT(a, b) WPP_INTERNAL_CONCAT_INNER(a, b)
#define WPP_INTERNAL_CONCAT_INNER(a, b) a##b
// NOLINTEND(bugprone-macro-parentheses)
