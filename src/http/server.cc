#include "http/server.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <poll.h>
#include <sched.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

#include "base/strings.h"
#include "base/text.h"
#include "http/errors.h"

namespace wpp::http {
namespace {

// Percent-decodes the path and query in place as libmicrohttpd does, except
// that "%00" is left as written: MHD hands handlers C strings, so a decoded
// NUL would silently cut "/x/a%00b" to "/x/a". Handlers see "%00" literally
// and reject it like any other character they do not accept.
size_t UnescapeKeepingNul(void* /*cls*/, MHD_Connection* /*connection*/, char* s) {
  char* out = s;
  const char* in = s;
  while (*in != '\0') {
    const int hi = in[0] == '%' ? base::HexDigitValue(in[1]) : -1;
    const int lo = hi >= 0 ? base::HexDigitValue(in[2]) : -1;
    if (lo >= 0 && (hi | lo) != 0) {
      *out++ = static_cast<char>(hi * 16 + lo);
      in += 3;
    } else {
      *out++ = *in++;
    }
  }
  *out = '\0';
  return static_cast<size_t>(out - s);
}

using base::Error;
using base::ErrorCode;

// MHD clears a connection's whole memory pool between requests; at the
// default 32 KiB that memset cost ~8% of a p2 request. Our requests are
// small (bodies are copied out as they arrive), so 8 KiB is plenty.
constexpr size_t kConnectionMemory = 8 * 1024;

// Per-request state kept between the access-handler calls of one request.
struct RequestState {
  std::string body;
  bool too_large = false;
  bool blocking = false;
  bool inline_first = false;
  // Set by a worker before it resumes the suspended connection.
  std::optional<Response> response;
};

MHD_Result CollectHeader(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  static_cast<Headers*>(cls)->emplace_back(base::ToLower(key), value ? value : "");
  return MHD_YES;
}

MHD_Result CollectArgument(void* cls, MHD_ValueKind /*kind*/, const char* key, const char* value) {
  static_cast<Values*>(cls)->emplace(key, value ? value : "");
  return MHD_YES;
}

std::string PeerAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) {
    return {};
  }
  char host[INET6_ADDRSTRLEN] = {};
  const sockaddr* sa = info->client_addr;
  if (sa->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, host, sizeof host);
  } else if (sa->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, host, sizeof host);
  }
  return host;
}

void FreeString(void* cls) {
  delete static_cast<std::string*>(cls);
}
void FreeShared(void* cls) {
  delete static_cast<std::shared_ptr<const std::string>*>(cls);
}

// Serves the body and then reports an error, so MHD closes the connection
// short of the announced length.
ssize_t ReadThenFail(void* cls, uint64_t pos, char* buf, size_t max) {
  const auto* body = static_cast<const std::string*>(cls);
  if (pos >= body->size()) {
    return MHD_CONTENT_READER_END_WITH_ERROR;
  }
  const size_t n = std::min<size_t>(max, body->size() - static_cast<size_t>(pos));
  std::memcpy(buf, body->data() + pos, n);
  return static_cast<ssize_t>(n);
}

MHD_Response* MakeMhdResponse(Response& r) {
  if (r.declared_size > r.body.size() && r.file_fd < 0 && !r.shared_body) {
    auto* owned = new std::string(std::move(r.body));
    return MHD_create_response_from_callback(r.declared_size, 4096, ReadThenFail, owned,
                                             FreeString);
  }
  if (r.file_fd >= 0) {
    return MHD_create_response_from_fd(r.file_size, r.file_fd);
  }
  if (r.shared_body) {
    auto* keep = new std::shared_ptr<const std::string>(std::move(r.shared_body));
    // MHD never writes through the pointer; the API just is not const.
    return MHD_create_response_from_buffer_with_free_callback_cls(
        (*keep)->size(), const_cast<char*>((*keep)->data()), FreeShared, keep);
  }
  auto* owned = new std::string(std::move(r.body));
  return MHD_create_response_from_buffer_with_free_callback_cls(owned->size(), owned->data(),
                                                                FreeString, owned);
}

// Queues `mhd` (made for `response`, null on failure) with the response's
// status and headers.
MHD_Result QueueMhd(MHD_Connection* connection, const Response& response, MHD_Response* mhd) {
  if (mhd == nullptr) {
    return MHD_NO;
  }
  for (const auto& [name, value] : response.headers) {
    MHD_add_response_header(mhd, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned>(response.status), mhd);
  MHD_destroy_response(mhd);
  return queued;
}

MHD_Result Queue(MHD_Connection* connection, Response& response) {
  return QueueMhd(connection, response, MakeMhdResponse(response));
}

// One streamed body (Response::stream) between the stream thread, which
// polls it, and the connection's thread, which sends what it produced.
struct StreamState {
  std::shared_ptr<BodyStream> body;
  MHD_Connection* connection = nullptr;
  std::mutex mu;
  std::string pending;     // Produced, not yet sent (from `sent` on). Guarded by mu.
  size_t sent = 0;         // Guarded by mu.
  bool ended = false;      // No more data will come. Guarded by mu.
  bool suspended = false;  // The connection is parked waiting for data. Guarded by mu.
  bool closed = false;     // MHD released the response. Guarded by mu.
  std::chrono::steady_clock::time_point next_poll{};  // Stream thread only.
};

// The content reader of a streamed body: hands out what is pending, ends the
// body once the stream is over, else parks the connection until the stream
// thread has data (suspending from the reader is allowed by MHD).
ssize_t ReadStream(void* cls, uint64_t /*pos*/, char* buf, size_t max) {
  StreamState& st = **static_cast<std::shared_ptr<StreamState>*>(cls);
  std::lock_guard lock(st.mu);
  if (st.sent < st.pending.size()) {
    const size_t n = std::min(max, st.pending.size() - st.sent);
    std::memcpy(buf, st.pending.data() + st.sent, n);
    st.sent += n;
    if (st.sent == st.pending.size()) {
      st.pending.clear();
      st.sent = 0;
    }
    return static_cast<ssize_t>(n);
  }
  if (st.ended) {
    return MHD_CONTENT_READER_END_OF_STREAM;
  }
  st.suspended = true;
  MHD_suspend_connection(st.connection);
  return 0;
}

void FreeStream(void* cls) {
  auto* st = static_cast<std::shared_ptr<StreamState>*>(cls);
  {
    std::lock_guard lock((*st)->mu);
    (*st)->closed = true;
    (*st)->ended = true;
  }
  delete st;
}

// A stream stops being polled while this much is waiting for a slow client.
constexpr size_t kMaxPendingStream = 256 * 1024;

Response TooLarge() {
  return Response::Text("request body too large\n", 413);
}

// Connection start and end: sets TCP_NODELAY, and keeps `cls` (the
// server's count of open connections, raised when a connection is handed
// over) right when one closes.
void OnConnection(void* cls, MHD_Connection* connection, void** /*socket_context*/,
                  MHD_ConnectionNotificationCode code) {
  if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    static_cast<std::atomic<int64_t>*>(cls)->fetch_sub(1, std::memory_order_relaxed);
    return;
  }
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info != nullptr) {
    const int one = 1;
    setsockopt(info->connect_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
}

base::Result<int> Listen(const std::string& addr) {
  WPP_ASSIGN_OR_RETURN(auto host_port, ParseAddr(addr));
  auto [host, port] = host_port;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0 ||
      found == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "cannot resolve listen address " + addr);
  }
  // Prefer IPv6 "any" (dual stack) when no host is given, else the first.
  addrinfo* chosen = found;
  for (addrinfo* ai = found; ai != nullptr && host.empty(); ai = ai->ai_next) {
    if (ai->ai_family == AF_INET6) {
      chosen = ai;
    }
  }
  const int fd = socket(chosen->ai_family, chosen->ai_socktype | SOCK_CLOEXEC, 0);
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (chosen->ai_family == AF_INET6) {
    const int zero = 0;
    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
  }
  if (fd < 0 || bind(fd, chosen->ai_addr, chosen->ai_addrlen) != 0 || listen(fd, 1024) != 0) {
    const std::string why = std::strerror(errno);
    freeaddrinfo(found);
    if (fd >= 0) {
      close(fd);
    }
    return Error(ErrorCode::kUnavailable, "listening on " + addr + ": " + why);
  }
  freeaddrinfo(found);
  return fd;
}

int BoundPort(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) {
    return 0;
  }
  if (ss.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port);
  }
  return ntohs(reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
}

}  // namespace

struct Server::Impl {
  Handler handler;
  size_t max_body = 0;
  std::function<RouteOptions(std::string_view, std::string_view)> route_options;
  size_t max_pending = 256;

  // Blocking handlers run here, on their own threads; the connection is
  // suspended meanwhile and resumed with the answer.
  struct Task {
    MHD_Connection* connection;
    RequestState* state;
    Request request;
  };
  std::mutex mu;
  std::condition_variable wake;
  std::deque<Task> tasks;  // Guarded by mu.
  bool stopping = false;   // Guarded by mu.
  std::vector<std::thread> workers;

  void WorkerLoop();

  // Streamed bodies (Response::stream), polled by one thread started with
  // the first of them.
  std::mutex stream_mu;
  std::condition_variable stream_wake;
  std::vector<std::shared_ptr<StreamState>> streams;  // Guarded by stream_mu.
  bool streams_stopping = false;                      // Guarded by stream_mu.
  std::thread stream_thread;                          // Guarded by stream_mu.
  // Queues `response`, whose body is a stream, on `connection`.
  MHD_Result QueueStream(MHD_Connection* connection, Response& response);
  void StreamLoop();
  // Ends every stream and wakes the connections parked on one.
  void StopStreams();
  // Hands `task` to a worker; false when too many wait or the server stops.
  bool Offload(Task task);
  void StopWorkers();
  MHD_Daemon* daemon = nullptr;
  int listen_fd = -1;

  // Connections are accepted here and handed to the daemon, so that Stop
  // can stop accepting without MHD_quiesce_daemon, whose epoll bookkeeping
  // races the pool's threads and aborts the process (docs/behaviour.md §6.8).
  std::thread acceptor;
  int stop_fd = -1;  // An eventfd: readable once Stop begins.
  // Connections handed to the daemon and not yet closed. Counted from the
  // hand-over, not from when a pool thread picks the connection up, so Stop
  // never mistakes a just-accepted connection for none.
  std::atomic<int64_t> open_connections{0};
  void AcceptLoop();
  void StopAccepting();

  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url,
                           const char* method, const char* /*version*/, const char* upload_data,
                           size_t* upload_data_size, void** con_cls);
  // The answer to a request refused on its headers alone, or nullopt.
  std::optional<Response> Refuse(MHD_Connection* connection, const RouteOptions& route,
                                 const char* version) const;
  static void Completed(void* /*cls*/, MHD_Connection* /*connection*/, void** con_cls,
                        MHD_RequestTerminationCode /*toe*/) {
    delete static_cast<RequestState*>(*con_cls);
    *con_cls = nullptr;
  }
};

MHD_Result Server::Impl::Access(void* cls, MHD_Connection* connection, const char* url,
                                const char* method, const char* version, const char* upload_data,
                                size_t* upload_data_size, void** con_cls) {
  auto* self = static_cast<Impl*>(cls);
  // Replying on the first call would make libmicrohttpd send "Connection:
  // close" (no keep-alive: a fifth of the throughput): the first call only
  // allocates state, unless the request is refused outright (then the
  // connection is closed on purpose and no body is read).
  if (*con_cls == nullptr) {
    const RouteOptions route =
        self->route_options ? self->route_options(method, url) : RouteOptions{};
    if (std::optional<Response> refused = self->Refuse(connection, route, version)) {
      return Queue(connection, *refused);
    }
    auto* state = new RequestState();
    state->blocking = route.blocking;
    state->inline_first = route.blocking && route.inline_first;
    *con_cls = state;
    return MHD_YES;
  }
  auto* state = static_cast<RequestState*>(*con_cls);
  if (state->response) {  // Resumed: a worker has the answer.
    return state->response->stream ? self->QueueStream(connection, *state->response)
                                   : Queue(connection, *state->response);
  }
  if (*upload_data_size > 0) {
    if (state->body.size() + *upload_data_size > self->max_body) {
      state->too_large = true;
    } else {
      state->body.append(upload_data, *upload_data_size);
    }
    *upload_data_size = 0;
    return MHD_YES;
  }
  Response response;
  if (state->too_large) {
    response = TooLarge();
  } else {
    Request request;
    request.method = method;
    request.path = url;
    request.body = std::move(state->body);
    request.remote_addr = PeerAddress(connection);
    request.context.client_ip = request.remote_addr;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, CollectHeader, &request.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, CollectArgument, &request.query);
    if (state->inline_first) {
      // Answered from memory here when it can be (RouteOptions::inline_first).
      Request attempt = request;
      attempt.may_block = false;
      response = Recover(attempt, self->handler);
    }
    if (!state->blocking) {
      response = Recover(request, self->handler);
    } else if (!state->inline_first || response.deferred) {
      MHD_suspend_connection(connection);
      if (self->Offload(Task{connection, state, std::move(request)})) {
        return MHD_YES;
      }
      MHD_resume_connection(connection);
      response = Response::Text("server busy\n", 503);
      response.Header("Retry-After", "1");
    }
  }
  if (response.stream) {
    return self->QueueStream(connection, response);
  }
  return Queue(connection, response);
}

std::optional<Response> Server::Impl::Refuse(MHD_Connection* connection, const RouteOptions& route,
                                             const char* version) const {
  // HTTP/1.1 requires Host (RFC 9112, section 3.2).
  if (std::string_view(version) == MHD_HTTP_VERSION_1_1 &&
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST) == nullptr) {
    return Response::Text("missing Host header\n", 400);
  }
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) {
    return std::nullopt;
  }
  size_t limit = route.max_body;
  if (limit == 0 || limit > max_body) {
    limit = max_body;
  }
  char* end = nullptr;
  errno = 0;
  const unsigned long long declared = std::strtoull(length, &end, 10);
  if (errno != 0 || end == length || declared > limit) {
    return TooLarge();
  }
  return std::nullopt;
}

void Server::Impl::AcceptLoop() {
  pollfd fds[2] = {{.fd = listen_fd, .events = POLLIN, .revents = 0},
                   {.fd = stop_fd, .events = POLLIN, .revents = 0}};
  while (true) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      return;
    }
    if (fds[1].revents != 0) {
      return;
    }
    while (true) {
      sockaddr_storage addr{};
      socklen_t len = sizeof addr;
      const int fd = accept4(listen_fd, reinterpret_cast<sockaddr*>(&addr), &len,
                             SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) {
          continue;
        }
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: back off instead of spinning on a ready socket.
          pollfd stop{.fd = stop_fd, .events = POLLIN, .revents = 0};
          poll(&stop, 1, 100);
        }
        break;  // EAGAIN: drained; anything else: wait for the next event.
      }
      // MHD closes the socket itself when it cannot take it (connection limit).
      open_connections.fetch_add(1, std::memory_order_relaxed);
      if (MHD_add_connection(daemon, fd, reinterpret_cast<sockaddr*>(&addr), len) != MHD_YES) {
        open_connections.fetch_sub(1, std::memory_order_relaxed);
      }
    }
  }
}

void Server::Impl::StopAccepting() {
  if (acceptor.joinable()) {
    const uint64_t one = 1;
    if (write(stop_fd, &one, sizeof one) < 0) {
      // An eventfd write only fails on overflow, which one write cannot reach.
    }
    acceptor.join();
  }
  if (stop_fd >= 0) {
    close(stop_fd);
    stop_fd = -1;
  }
}

void Server::Impl::WorkerLoop() {
  std::unique_lock lock(mu);
  while (true) {
    wake.wait(lock, [this] { return stopping || !tasks.empty(); });
    if (tasks.empty()) {
      return;
    }
    Task task = std::move(tasks.front());
    tasks.pop_front();
    lock.unlock();
    task.state->response = Recover(task.request, handler);
    if (task.state->response->deferred) {  // Only a connection thread may be deferred.
      task.state->response = Response::Text("internal error: deferred on a worker\n", 500);
    }
    MHD_resume_connection(task.connection);
    lock.lock();
  }
}

bool Server::Impl::Offload(Task task) {
  std::lock_guard lock(mu);
  if (stopping || tasks.size() >= max_pending) {
    return false;
  }
  tasks.push_back(std::move(task));
  wake.notify_one();
  return true;
}

MHD_Result Server::Impl::QueueStream(MHD_Connection* connection, Response& response) {
  auto state = std::make_shared<StreamState>();
  state->body = std::move(response.stream);
  state->connection = connection;
  {
    std::lock_guard lock(stream_mu);
    if (streams_stopping) {
      state->ended = true;
    } else {
      streams.push_back(state);
      if (!stream_thread.joinable()) {
        stream_thread = std::thread([this] { StreamLoop(); });
      }
      stream_wake.notify_all();
    }
  }
  return QueueMhd(
      connection, response,
      MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, ReadStream,
                                        new std::shared_ptr<StreamState>(state), FreeStream));
}

void Server::Impl::StreamLoop() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock lock(stream_mu);
  while (!streams_stopping) {
    const std::vector<std::shared_ptr<StreamState>> live = streams;
    lock.unlock();
    const Clock::time_point now = Clock::now();
    Clock::time_point next = now + std::chrono::seconds(1);
    for (const auto& st : live) {
      bool poll = false;
      {
        std::lock_guard guard(st->mu);
        poll =
            !st->ended && st->next_poll <= now && st->pending.size() - st->sent < kMaxPendingStream;
      }
      if (poll) {
        std::string out;
        const bool more = st->body->Poll(&out);
        st->next_poll = now + st->body->poll_interval();
        std::lock_guard guard(st->mu);
        st->pending += out;
        st->ended = st->ended || !more;
      }
      std::lock_guard guard(st->mu);
      if (st->suspended && !st->closed && (st->sent < st->pending.size() || st->ended)) {
        st->suspended = false;
        MHD_resume_connection(st->connection);
      }
      next = std::min(next, std::max(st->next_poll, now + std::chrono::milliseconds(10)));
    }
    lock.lock();
    std::erase_if(streams, [](const std::shared_ptr<StreamState>& st) {
      std::lock_guard guard(st->mu);
      return st->closed;
    });
    stream_wake.wait_until(lock, next);
  }
}

void Server::Impl::StopStreams() {
  std::thread thread;
  std::vector<std::shared_ptr<StreamState>> live;
  {
    std::lock_guard lock(stream_mu);
    streams_stopping = true;
    thread = std::move(stream_thread);
    live.swap(streams);
  }
  stream_wake.notify_all();
  if (thread.joinable()) {
    thread.join();
  }
  for (const auto& st : live) {
    std::lock_guard guard(st->mu);
    st->ended = true;
    if (st->suspended && !st->closed) {
      st->suspended = false;
      MHD_resume_connection(st->connection);
    }
  }
}

void Server::Impl::StopWorkers() {
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  wake.notify_all();
  for (std::thread& worker : workers) {
    worker.join();
  }
  workers.clear();
}

int AllowedCpus() {
  cpu_set_t set;
  CPU_ZERO(&set);
  int cpus = 0;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    cpus = CPU_COUNT(&set);
  }
  if (cpus <= 0) {
    cpus = static_cast<int>(std::thread::hardware_concurrency());
  }
  return std::max(1, cpus);
}

int DefaultThreads() {
  const int cpus = AllowedCpus();
  return cpus == 1 ? 2 : cpus - 1;
}

int DefaultWorkers() {
  return std::max(2, AllowedCpus());
}

Server::Server(std::unique_ptr<Impl> impl, int port) : impl_(std::move(impl)), port_(port) {}

Server::~Server() {
  Stop();
}

base::Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  auto impl = std::make_unique<Impl>();
  impl->handler = std::move(handler);
  impl->max_body = options.max_body_bytes;
  impl->route_options = options.route_options;
  impl->max_pending = options.max_pending;
  const int workers = options.workers > 0 ? options.workers : DefaultWorkers();
  for (int i = 0; i < workers; ++i) {
    impl->workers.emplace_back([raw = impl.get()] { raw->WorkerLoop(); });
  }
  if (options.listen_fd >= 0) {
    impl->listen_fd = options.listen_fd;
  } else {
    WPP_ASSIGN_OR_RETURN(impl->listen_fd, Listen(options.addr));
  }
  // Accepting is ours (AcceptLoop): a non-blocking listener and no listen
  // socket for the daemon.
  fcntl(impl->listen_fd, F_SETFL, fcntl(impl->listen_fd, F_GETFL) | O_NONBLOCK);
  const unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG |
                         MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ITC;
  // A pool of one is just the epoll thread; MHD warns if asked for it.
  MHD_OptionItem pool[] = {
      {MHD_OPTION_THREAD_POOL_SIZE, static_cast<intptr_t>(options.threads), nullptr},
      {MHD_OPTION_END, 0, nullptr}};
  if (options.threads <= 1) {
    pool[0] = pool[1];
  }
  impl->daemon = MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Impl::Access, impl.get(), MHD_OPTION_ARRAY, pool,
      MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(options.connection_timeout_seconds),
      MHD_OPTION_CONNECTION_LIMIT, 10000u, MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory,
      MHD_OPTION_NOTIFY_COMPLETED, &Impl::Completed, nullptr, MHD_OPTION_NOTIFY_CONNECTION,
      &OnConnection, &impl->open_connections, MHD_OPTION_UNESCAPE_CALLBACK, &UnescapeKeepingNul,
      nullptr, MHD_OPTION_END);
  if (impl->daemon == nullptr) {
    impl->StopWorkers();
    close(impl->listen_fd);
    return Error(ErrorCode::kUnavailable, "starting HTTP server on " + options.addr);
  }
  impl->stop_fd = eventfd(0, EFD_CLOEXEC);
  if (impl->stop_fd < 0) {
    MHD_stop_daemon(impl->daemon);
    impl->StopWorkers();
    close(impl->listen_fd);
    return Error(ErrorCode::kUnavailable, "creating the server's stop event");
  }
  impl->acceptor = std::thread([raw = impl.get()] { raw->AcceptLoop(); });
  const int port = BoundPort(impl->listen_fd);
  return std::unique_ptr<Server>(new Server(std::move(impl), port));
}

void Server::Stop() {
  if (impl_ == nullptr || impl_->daemon == nullptr) {
    return;
  }
  // Stop accepting (the listening socket stays open until the end, so a
  // socket-activated successor finds waiting clients queued, not refused),
  // then give in-flight requests up to 10 s to finish.
  impl_->StopAccepting();
  impl_->StopStreams();  // Parked connections must be resumed before the daemon stops.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline &&
         impl_->open_connections.load(std::memory_order_relaxed) > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // Workers finish what they hold (resuming those connections) before the
  // daemon goes away.
  impl_->StopWorkers();
  MHD_stop_daemon(impl_->daemon);
  impl_->daemon = nullptr;
  close(impl_->listen_fd);
  impl_->listen_fd = -1;
}

int SystemdListenFd() {
  const char* pid = getenv("LISTEN_PID");  // NOLINT(concurrency-mt-unsafe)
  const char* fds = getenv("LISTEN_FDS");  // NOLINT(concurrency-mt-unsafe)
  if (pid == nullptr || fds == nullptr) {
    return -1;
  }
  const auto pid_value = base::ParseInt(pid);
  const auto fds_value = base::ParseInt(fds);
  if (!pid_value || *pid_value != getpid() || !fds_value || *fds_value < 1) {
    return -1;
  }
  unsetenv("LISTEN_PID");  // NOLINT(concurrency-mt-unsafe)
  unsetenv("LISTEN_FDS");  // NOLINT(concurrency-mt-unsafe)
  return 3;
}

base::Result<std::pair<std::string, int>> ParseAddr(std::string_view addr) {
  const size_t colon = addr.rfind(':');
  if (colon == std::string_view::npos) {
    return Error(ErrorCode::kInvalidArgument,
                 "listen address \"" + std::string(addr) + "\" is not HOST:PORT or :PORT");
  }
  std::string host(addr.substr(0, colon));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  const auto port = base::ParseInt(addr.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) {
    return Error(ErrorCode::kInvalidArgument,
                 "listen address \"" + std::string(addr) + "\" has no valid port");
  }
  return std::make_pair(host, static_cast<int>(*port));
}

}  // namespace wpp::http
