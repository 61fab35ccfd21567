// The project's HTTP server layer: a thin C++ face over libmicrohttpd
// (epoll, a small thread pool, keep-alive, TCP_NODELAY) plus a Router. Used by
// `wppackages serve`, by fake-wporg and by loopback test servers.

#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/result.h"

namespace wpp::http {

using Headers = std::vector<std::pair<std::string, std::string>>;
// Decoded name/value pairs (query arguments, form fields); repeated names
// keep their order.
using Values = std::multimap<std::string, std::string>;

// The signed-in user of the admin area, set by its authentication middleware.
struct Session {
  std::string id{};
  int64_t user_id = 0;
  std::string email{};
  std::string name{};
  bool is_admin = false;
};

// What middleware learns about a request and hands on to handlers.
class RequestContext {
 public:
  // The client address: the peer's, unless a TrustedProxies middleware
  // resolved it from forwarding headers.
  std::string client_ip{};
  // The route pattern the Router matched ("/p2/:vendor/:file"), for logs.
  std::string route{};
  std::optional<Session> session{};

  // Attaches `value` (say a database connection lease) for later handlers;
  // one value per type, replacing an earlier one. Copies of the request share it.
  template <typename T>
  void Set(T value) {
    slots_[std::type_index(typeid(T))] = std::make_shared<T>(std::move(value));
  }
  // The attached value of type T, or null.
  template <typename T>
  T* Get() const {
    auto it = slots_.find(std::type_index(typeid(T)));
    return it == slots_.end() ? nullptr : static_cast<T*>(it->second.get());
  }

 private:
  std::unordered_map<std::type_index, std::shared_ptr<void>> slots_;
};

struct Request {
  std::string method{};  // "GET", "HEAD", "POST", …
  std::string path{};    // Percent-decoded path, no query string.
  Values query{};        // Decoded query arguments, each pair as sent.
  Headers headers{};     // Names lower-cased.
  std::string body{};
  std::string remote_addr{};  // Peer IP address, no port.
  // Filled by the Router for patterns with ":name" or a trailing "*".
  std::map<std::string, std::string> params{};
  RequestContext context{};
  // False while a RouteOptions::inline_first handler is tried on a
  // connection thread: it must not block, and returns Response::Defer()
  // for work that may.
  bool may_block = true;

  // First header with this (lower-case) name, or empty.
  std::string Header(std::string_view name) const;
  // First value of a query argument, or `fallback` when absent.
  std::string Query(const std::string& name, std::string fallback = {}) const;
  // Every value of a query argument, in order ("a=1&a=2", "packages[]=x").
  std::vector<std::string> QueryAll(const std::string& name) const;
  // The body as an application/x-www-form-urlencoded form (ParseForm).
  // Errors: kInvalidArgument for another Content-Type or a bad encoding.
  base::Result<Values> Form() const;
  // The value of a cookie from the Cookie header, or nullopt.
  std::optional<std::string> Cookie(std::string_view name) const;
};

struct CookieOptions;

// A response body produced over time (server-sent events). The server polls
// it on its stream thread, never on a connection thread, so Poll may read
// files; a connection waiting for data is parked (suspended) meanwhile.
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // Appends what is ready to `out` (possibly nothing). Returns false once the
  // stream is over; what it appended last is still sent. Called about every
  // poll_interval() while the client is connected and the server runs.
  virtual bool Poll(std::string* out) = 0;
  virtual std::chrono::milliseconds poll_interval() const { return std::chrono::milliseconds(250); }
};

struct Response {
  int status = 200;
  Headers headers{};
  std::string body{};
  // When >= 0, the body is this open file descriptor (sent with sendfile and
  // closed by the server); `file_size` bytes are sent.
  int file_fd = -1;
  size_t file_size = 0;
  // When set, the body is these shared bytes (no copy; kept alive until
  // sent). Used for cached files.
  std::shared_ptr<const std::string> shared_body{};
  // When above body.size(), the announced Content-Length: `body` is sent and
  // then the connection is closed, short of it (a truncated answer, for
  // fake-wporg's `truncate` fault). Only with `body`.
  size_t declared_size = 0;
  // When set, the body is this stream (chunked, no Content-Length); `body`
  // is ignored. The stream is dropped when the client goes away, the stream
  // ends or the server stops.
  std::shared_ptr<BodyStream> stream{};
  // "Call me again where I may block" (Response::Defer()): never sent.
  bool deferred = false;

  Response& Header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }

  // Adds a Set-Cookie header (see CookieOptions in http/cookie.h).
  Response& SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);

  static Response Json(std::string body, int status = 200);
  static Response Text(std::string body, int status = 200);
  static Response Html(std::string body, int status = 200);
  static Response NotFound();
  // The answer of an inline_first handler that needs to block; middleware
  // passes it through untouched.
  static Response Defer();
};

// Handlers may take `const Request&`; the Router fills params in place.
using Handler = std::function<Response(Request&)>;

// Runs around a handler: may change the request, answer itself, or call
// `next` and change its response.
using Middleware = std::function<Response(Request& request, const Handler& next)>;

// `handler` wrapped in `middleware`, the first outermost. For middleware
// of one group of routes (the admin area's authentication).
Handler Chain(std::vector<Middleware> middleware, Handler handler);

struct RouteOptions {
  // Largest request body; 0: the server's max_body_bytes.
  size_t max_body = 0;
  // The handler may block (database work, anything not bounded by a few
  // microseconds): it runs on the server's worker threads, never on the
  // threads that serve connections, so it cannot stall other requests
  // (a p2 file behind a slow search).
  bool blocking = false;
  // With blocking: the handler is first called on the connection's thread
  // with Request::may_block false, to answer from memory (a cache) at the
  // cost of a p2 hit; it returns Response::Defer() when it needs the
  // database, and is then called again on a worker thread.
  bool inline_first = false;
};

// Maps (method, path pattern) to handlers. Patterns are literal paths,
// may contain ":name" segments, and may end in "*" to match any rest (stored
// in params["*"]). The first matching route wins. A path that matches a
// route under another method answers 405 with an Allow header. Thread-safe
// for Dispatch once routes are added.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // Adds a route with options: a body limit (a larger Content-Length is
  // answered 413 before the body is read) and whether its handler blocks.
  void Add(std::string method, std::string pattern, RouteOptions options, Handler handler);
  void Get(std::string pattern, Handler handler) {
    Add("GET", std::move(pattern), std::move(handler));
  }
  void Post(std::string pattern, Handler handler) {
    Add("POST", std::move(pattern), std::move(handler));
  }
  void SetNotFound(Handler handler) { not_found_ = std::move(handler); }
  // Adds middleware around everything Dispatch does (including 404 and
  // 405 answers); the first added runs outermost.
  void Use(Middleware middleware) { middleware_.push_back(std::move(middleware)); }

  Response Dispatch(Request& request) const;

  // The options of the route `method` `path` resolves to; defaults when
  // none matches. For ServerOptions::route_options.
  RouteOptions OptionsFor(std::string_view method, std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    bool wildcard = false;
    RouteOptions options{};
    Handler handler;
  };
  static bool Match(const Route& route, const std::vector<std::string_view>& parts,
                    std::map<std::string, std::string>* params);
  Response Resolve(Request& request) const;
  Response RunMiddleware(size_t index, Request& request) const;

  std::vector<Route> routes_;
  std::vector<Middleware> middleware_;
  Handler not_found_;
};

struct ServerOptions {
  // "HOST:PORT", ":PORT" (all interfaces) or "HOST:0" (ephemeral port).
  std::string addr = "127.0.0.1:0";
  // An already-listening socket to serve on instead (systemd passes fd 3).
  int listen_fd = -1;
  int threads = 2;
  int connection_timeout_seconds = 60;
  size_t max_body_bytes = 1 << 20;  // Larger bodies get 413.
  // Per-request route options (e.g. Router::OptionsFor): a Content-Length
  // above the route's max_body is answered 413 before the body is read;
  // blocking routes run on the worker threads.
  std::function<RouteOptions(std::string_view method, std::string_view path)> route_options{};
  // Threads for blocking handlers (<= 0: DefaultWorkers()), and how many blocking
  // requests may wait for one before the server answers 503.
  int workers = 0;
  size_t max_pending = 256;
};

// The CPUs this process may run on: its affinity mask, not the machine's
// count (at least 1).
int AllowedCpus();
// Connection threads when none are configured: one CPU fewer than allowed,
// so the install writer, the worker threads and background jobs keep a core
// without preempting the event loops; with one CPU, which all threads share
// anyway, two (docs/behaviour.md §6.8).
int DefaultThreads();
// Worker threads (blocking handlers) when none are configured: one per
// allowed CPU, at least 2.
int DefaultWorkers();

// A running server. Destroying it stops it (in-flight requests finish).
class Server {
 public:
  // Binds and starts serving. Errors: kInvalidArgument for a bad address,
  // kUnavailable when the port cannot be bound.
  static base::Result<std::unique_ptr<Server>> Start(const ServerOptions& options, Handler handler);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful with port 0).
  int port() const { return port_; }
  // Stops accepting new connections, lets in-flight requests finish, then
  // shuts down. Idempotent.
  void Stop();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl, int port);

  std::unique_ptr<Impl> impl_;
  int port_ = 0;
};

// The systemd socket-activation fd (3) when LISTEN_PID is this process and
// LISTEN_FDS >= 1 (and unsets both variables), else -1.
int SystemdListenFd();

// Splits "host:port"; a missing host means all interfaces. Errors:
// kInvalidArgument.
base::Result<std::pair<std::string, int>> ParseAddr(std::string_view addr);

}  // namespace wpp::http
