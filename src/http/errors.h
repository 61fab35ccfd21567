// The boundary between handlers and the server: failures become HTTP
// answers. An exception, or an Error a handler returns, is logged with the
// request's method, path and route; the client only sees the status and its
// reason phrase, never the message.

#pragma once

#include <functional>

#include "base/result.h"
#include "http/server.h"

namespace wpp::http {

// The status that answers an error: kInvalidArgument 400, kPermissionDenied
// 403, kNotFound 404, kAlreadyExists and kFailedPrecondition 409,
// kUnavailable 503, kDataLoss and kInternal 500.
int StatusForError(base::ErrorCode code);

// The plain-text answer to `error` (status from StatusForError, the reason
// phrase as body); logged as an error when the status is 5xx, else at debug.
Response ErrorResponse(const Request& request, const base::Error& error);

// Runs `handler`; an exception it throws (std::exception or anything else)
// becomes a logged 500. The server runs every request through this.
Response Recover(Request& request, const Handler& handler);

// A handler that may fail, adapted to a Handler: an Error becomes
// ErrorResponse.
using FallibleHandler = std::function<base::Result<Response>(Request&)>;
Handler Fallible(FallibleHandler handler);

}  // namespace wpp::http
