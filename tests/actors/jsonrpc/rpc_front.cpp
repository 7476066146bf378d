#include "tests/actors/jsonrpc/rpc_front.hpp"

#include <stdexcept>
#include <utility>

namespace switchyard::test {

namespace net = boost::asio;
using tcp = net::ip::tcp;

void scripted_port::forward(std::vector<exchange_ptr> exchanges) {
  std::vector<rpc_exchange_ptr> calls;
  calls.reserve(exchanges.size());
  for (auto& e : exchanges)
    calls.push_back(std::static_pointer_cast<rpc_exchange>(std::move(e)));
  {
    std::lock_guard guard{mutex_};
    ++batches_;
    for (const auto& x : calls)
      methods_.push_back(x->call().method);
    if (mode_ == mode::hold) {
      held_.insert(held_.end(), calls.begin(), calls.end());
      return;
    }
  }
  for (const auto& x : calls) {
    if (mode_ == mode::fail)
      x->fail(errc::upstream_timeout, "scripted");
    else
      x->answer_result(x->call().params.empty() ? std::string_view{"null"} : x->call().params);
  }
}

std::vector<std::string> scripted_port::methods() const {
  std::lock_guard guard{mutex_};
  return methods_;
}

std::size_t scripted_port::batches() const {
  std::lock_guard guard{mutex_};
  return batches_;
}

std::vector<rpc_exchange_ptr> scripted_port::take_held(std::size_t n) {
  eventually([&] {
    std::lock_guard guard{mutex_};
    return held_.size() >= n;
  });
  std::lock_guard guard{mutex_};
  return std::exchange(held_, {});
}

void scripted_port::release() {
  std::vector<rpc_exchange_ptr> dropped;
  std::lock_guard guard{mutex_};
  dropped.swap(held_);
}

config::listener_settings front_settings() {
  config::listener_settings s;
  s.name = "rpc-test";
  s.protocol = config::protocol_kind::jsonrpc;
  s.address = "127.0.0.1";
  s.port = 0;
  s.max_frame_bytes = 4096;
  s.max_connections = 16;
  s.max_in_flight_per_connection = 16;
  s.read_timeout_ms = 2000;
  s.idle_timeout_ms = 10000;
  return s;
}

namespace {

config::network_settings jsonrpc_network(std::string name, std::vector<std::string> methods) {
  config::network_settings n;
  n.name = std::move(name);
  n.protocol = config::protocol_kind::jsonrpc;
  for (auto& m : methods) {
    config::rule_settings rule;
    rule.method = std::move(m);
    n.rules.push_back(std::move(rule));
  }
  return n;
}

// The networks behind the listener, indexed like the ports.
std::vector<config::network_settings> networks() {
  std::vector<config::network_settings> all;
  all.push_back(jsonrpc_network("echo", {"sum", "subtract", "get_data", "echo", "notify_*"}));
  all.push_back(jsonrpc_network("held", {"slow"}));
  all.push_back(jsonrpc_network("failing", {"fail"}));
  all.push_back(jsonrpc_network("down", {"down"}));
  config::network_settings visa;
  visa.name = "visa";
  all.push_back(std::move(visa));
  return all;
}

} // namespace

rpc_front::rpc_front(config::listener_settings settings, jsonrpc::limits limits)
    : work_(net::make_work_guard(io_)), ctx_(std::make_shared<rpc_listener_context>()) {
  ctx_->settings = std::move(settings);
  ctx_->limits = limits;
  ctx_->limits.max_body_bytes = ctx_->settings.max_frame_bytes;
  ctx_->routes = std::make_shared<route_board>();
  auto snapshot = std::make_shared<route_snapshot>(
    route_snapshot{core::routing_table{networks()}.with_availability({{"down", false}}),
                   {echo, held, failing, nullptr, nullptr},
                   {}});
  ctx_->routes->store(std::move(snapshot));
  session_factory sessions;
  sessions.plain = [c = ctx_](tcp::socket socket) {
    auto s = std::make_shared<plain_rpc_session>(std::move(socket), c);
    s->run();
    return std::static_pointer_cast<connection_session>(s);
  };
  acceptor_
    = std::make_unique<acceptor>(io_, ctx_->settings, nullptr, ctx_->counters, std::move(sessions));
  if (auto error = acceptor_->start(); !error.empty())
    throw std::runtime_error(error);
  thread_ = std::thread([this] { io_.run(); });
}

rpc_front::~rpc_front() {
  acceptor_->stop();
  // Calls still held answer for themselves while the sessions' strands still run.
  echo->release();
  held->release();
  failing->release();
  ctx_->routes->store(
    std::make_shared<route_snapshot>(route_snapshot{core::routing_table{{}}, {}, {}}));
  work_.reset();
  if (!eventually([this] { return ctx_->counters.active.load() == 0; }))
    io_.stop();
  thread_.join();
}

} // namespace switchyard::test
