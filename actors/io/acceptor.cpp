#include "actors/io/acceptor.hpp"

#include "actors/io/log.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <future>
#include <mutex>
#include <vector>

namespace switchyard {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// How long stop() waits for the port to be released; bounded, so a stopped I/O context
// cannot hang an exiting listener.
constexpr auto release_wait = std::chrono::seconds(1);

} // namespace

std::string peer_text(const tcp::endpoint& peer) {
  if (peer.port() == 0)
    return "an unknown peer";
  return peer.address().to_string() + ":" + std::to_string(peer.port());
}

tcp::endpoint remote_of(const net::basic_socket<tcp>& socket) {
  boost::system::error_code ec;
  auto peer = socket.remote_endpoint(ec);
  return ec ? tcp::endpoint{} : peer;
}

void record_tls_failure(connection_counters& counters, std::string_view listener,
                        const tcp::endpoint& peer, std::string_view why) {
  counters.tls_failures.fetch_add(1, std::memory_order_relaxed);
  // A scanner or a client with the wrong CA fails every handshake: one line a second.
  log_limited(counters.log_limits, log_level::warn, listener, "tls handshake",
              "tls handshake with " + peer_text(peer) + " failed: " + std::string{why});
}

struct acceptor::impl : std::enable_shared_from_this<impl> {
  impl(net::io_context& io, const config::listener_settings& s,
       std::shared_ptr<net::ssl::context> t, connection_counters& c, session_factory f)
      : io_context(io),
        listening(net::make_strand(io)),
        retry_timer(listening.get_executor()),
        settings(s),
        tls(std::move(t)),
        counters(c),
        make_session(std::move(f)) {}

  void do_accept() {
    listening.async_accept(
      net::make_strand(io_context),
      [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
        self->on_accept(ec, std::move(socket));
      });
  }

  void on_accept(const boost::system::error_code& ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !listening.is_open() || stopped)
      return;
    if (!ec) {
      admit(std::move(socket));
      return do_accept();
    }
    // Out of descriptors (EMFILE) and the like: the connection stays in the backlog, so
    // accepting again at once would spin. Count, log, and try again a little later.
    counters.rejected_over_limit.fetch_add(1, std::memory_order_relaxed);
    log_limited(counters.log_limits, log_level::warn, settings.name, "accept failed",
                "accept failed: " + ec.message());
    retry_timer.expires_after(std::chrono::milliseconds(200));
    retry_timer.async_wait([self = shared_from_this()](boost::system::error_code e) {
      if (!e && !self->stopped)
        self->do_accept();
    });
  }

  void admit(tcp::socket socket) {
    if (stopped)
      return;
    if (counters.active.load() >= settings.max_connections) {
      counters.rejected_over_limit.fetch_add(1, std::memory_order_relaxed);
      log_limited(counters.log_limits, log_level::warn, settings.name, "connection limit",
                  "connection limit reached: refusing " + peer_text(remote_of(socket)));
      return;
    }
    counters.accepted.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session = tls ? make_session.tls(net::ssl::stream<tcp::socket>(std::move(socket), *tls))
                       : make_session.plain(std::move(socket));
    if (session)
      remember(session);
  }

  void close_all() {
    halt();
    for (auto& s : live_sessions(true))
      s->close();
  }

  void remember(const std::shared_ptr<connection_session>& session) {
    std::lock_guard<std::mutex> guard{mutex};
    std::erase_if(sessions, [](const auto& w) { return w.expired(); });
    sessions.push_back(session);
  }

  std::vector<std::shared_ptr<connection_session>> live_sessions(bool forget) {
    std::vector<std::weak_ptr<connection_session>> all;
    {
      std::lock_guard<std::mutex> guard{mutex};
      if (forget)
        all.swap(sessions);
      else
        all = sessions;
    }
    std::vector<std::shared_ptr<connection_session>> live;
    for (auto& w : all)
      if (auto s = w.lock())
        live.push_back(std::move(s));
    return live;
  }

  // On the acceptor's strand, so an accept already completing cannot admit a session after
  // the sessions were closed.
  void halt() {
    stopped = true;
    retry_timer.cancel();
    boost::system::error_code ignored;
    listening.close(ignored);
  }

  net::io_context& io_context;
  tcp::acceptor listening;
  net::steady_timer retry_timer;
  bool stopped = false; // on the acceptor's strand
  config::listener_settings settings;
  std::shared_ptr<net::ssl::context> tls;
  connection_counters& counters;
  session_factory make_session;
  std::mutex mutex;
  std::vector<std::weak_ptr<connection_session>> sessions;
  std::uint16_t port = 0;
};

acceptor::acceptor(net::io_context& io, const config::listener_settings& settings,
                   std::shared_ptr<net::ssl::context> tls, connection_counters& counters,
                   session_factory make_session)
    : impl_(
      std::make_shared<impl>(io, settings, std::move(tls), counters, std::move(make_session))) {}

acceptor::~acceptor() {
  // Possibly on an I/O thread or after the I/O threads stopped: never wait here.
  net::post(impl_->listening.get_executor(), [self = impl_] { self->close_all(); });
}

std::string acceptor::start() {
  const auto& s = impl_->settings;
  boost::system::error_code ec;
  auto address = net::ip::make_address(s.address, ec);
  if (ec)
    return "invalid listener address " + s.address + ": " + ec.message();
  tcp::endpoint endpoint{address, s.port};
  auto& a = impl_->listening;
  if (a.open(endpoint.protocol(), ec); !ec)
    a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec)
    a.bind(endpoint, ec);
  if (!ec)
    a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return "cannot listen on " + s.address + ":" + std::to_string(s.port) + ": " + ec.message();
  impl_->port = a.local_endpoint().port();
  impl_->do_accept();
  return {};
}

std::uint16_t acceptor::port() const noexcept {
  return impl_->port;
}

bool acceptor::is_drained() const noexcept {
  return impl_->counters.active.load() == 0;
}

void acceptor::drain() {
  net::post(impl_->listening.get_executor(), [self = impl_] {
    self->halt();
    for (auto& s : self->live_sessions(false))
      s->drain();
  });
}

// The listening socket is closed on its strand; the caller (a listener actor exiting, whose
// successor binds the same port as soon as its supervisor hears of the exit) waits for that,
// briefly. An I/O thread must not wait for its own context: it only posts.
void acceptor::stop() {
  auto done = std::make_shared<std::promise<void>>();
  auto closed = done->get_future();
  net::post(impl_->listening.get_executor(), [self = impl_, done] {
    self->close_all();
    done->set_value();
  });
  if (!impl_->io_context.get_executor().running_in_this_thread())
    closed.wait_for(release_wait);
}

} // namespace switchyard
