#include "http/errors.h"

#include <exception>
#include <string>

#include "base/log.h"

namespace wpp::http {
namespace {

std::string ReasonPhrase(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

}  // namespace

int StatusForError(base::ErrorCode code) {
  switch (code) {
    case base::ErrorCode::kInvalidArgument:
      return 400;
    case base::ErrorCode::kPermissionDenied:
      return 403;
    case base::ErrorCode::kNotFound:
      return 404;
    case base::ErrorCode::kAlreadyExists:
    case base::ErrorCode::kFailedPrecondition:
      return 409;
    case base::ErrorCode::kUnavailable:
      return 503;
    case base::ErrorCode::kDataLoss:
    case base::ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response ErrorResponse(const Request& request, const base::Error& error) {
  const int status = StatusForError(error.code());
  base::log::Write(status >= 500 ? base::log::Level::kError : base::log::Level::kDebug,
                   "request failed",
                   {{"method", request.method},
                    {"path", request.path},
                    {"route", request.context.route},
                    {"status", status},
                    {"error", error.message()}});
  return Response::Text(ReasonPhrase(status) + "\n", status);
}

Response Recover(Request& request, const Handler& handler) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    return ErrorResponse(request, base::Error(base::ErrorCode::kInternal, e.what()));
  } catch (...) {
    return ErrorResponse(request, base::Error(base::ErrorCode::kInternal, "unknown exception"));
  }
}

Handler Fallible(FallibleHandler handler) {
  return [handler = std::move(handler)](Request& request) {
    auto response = handler(request);
    return response ? std::move(response).value() : ErrorResponse(request, response.error());
  };
}

}  // namespace wpp::http
