#pragma once

// A real JSON-RPC listener (acceptor and rpc_session) on 127.0.0.1:0, on an I/O thread of
// its own, routing to networks whose ports the test scripts: one answers every call with its
// params, one keeps calls until the test answers them, one fails them.

#include "actors/io/acceptor.hpp"
#include "actors/io/route_board.hpp"
#include "actors/jsonrpc/rpc_session.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace switchyard::test {

/// A network's port whose answers the test decides.
class scripted_port final : public network_port {
public:
  /// What the port does with the calls it is handed.
  enum class mode {
    echo, ///< answers each call with its params (null when absent) as the result
    hold, ///< keeps the calls until the test takes them
    fail, ///< answers errc::upstream_timeout, reason "scripted"
  };

  explicit scripted_port(mode m) : mode_(m) {}

  void forward(std::vector<exchange_ptr> exchanges) override;

  /// Returns the methods of every call handed over so far, in order.
  std::vector<std::string> methods() const;

  /// Returns how many forward() calls (batches) came.
  std::size_t batches() const;

  /// Waits (up to 3 s) until `n` calls are held, then hands them over, oldest first.
  std::vector<rpc_exchange_ptr> take_held(std::size_t n);

  /// Drops every call still held (each then answers for itself).
  void release();

private:
  mode mode_;
  mutable std::mutex mutex_;
  std::vector<std::string> methods_;
  std::size_t batches_ = 0;
  std::vector<rpc_exchange_ptr> held_;
};

/// A call the "echo" network answers, and its answer.
inline constexpr std::string_view echo_call = R"({"jsonrpc":"2.0","method":"echo","id":1})";
inline constexpr std::string_view echo_answer = R"({"jsonrpc":"2.0","id":1,"result":null})";

/// Listener settings for tests: 127.0.0.1:0, a 4 KiB body limit, short timeouts.
config::listener_settings front_settings();

/// The listener under test and the networks behind it: "echo" (methods sum, subtract,
/// get_data, echo, notify_*), "held" (slow), "failing" (fail), "down" (down; unavailable,
/// no port) and "visa" (an ISO 8583 network).
class rpc_front {
public:
  /// Starts listening with `settings` and, for bodies, `limits` (max_body_bytes is set
  /// from settings.max_frame_bytes, as the protocol factory does).
  explicit rpc_front(config::listener_settings settings = front_settings(),
                     jsonrpc::limits limits
                     = {.max_body_bytes = 0, .max_depth = 64, .max_batch = 8});

  ~rpc_front();

  rpc_front(const rpc_front&) = delete;
  rpc_front& operator=(const rpc_front&) = delete;

  /// Returns the bound port.
  std::uint16_t port() const { return acceptor_->port(); }

  /// Returns the listener's counters.
  const rpc_listener_counters& counters() const { return ctx_->counters; }

  std::shared_ptr<scripted_port> echo = std::make_shared<scripted_port>(scripted_port::mode::echo);
  std::shared_ptr<scripted_port> held = std::make_shared<scripted_port>(scripted_port::mode::hold);
  std::shared_ptr<scripted_port> failing
    = std::make_shared<scripted_port>(scripted_port::mode::fail);

private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
  std::shared_ptr<rpc_listener_context> ctx_;
  std::unique_ptr<acceptor> acceptor_;
  std::thread thread_;
};

/// Polls `done` every 5 ms for up to `within`; returns its last value.
template <class Predicate>
bool eventually(Predicate done, std::chrono::milliseconds within = std::chrono::seconds(3)) {
  auto until = std::chrono::steady_clock::now() + within;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= until)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

} // namespace switchyard::test
