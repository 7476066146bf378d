#include "actors/io/prober.hpp"

#include "core/probe_schedule.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <vector>

namespace switchyard {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

class prober final : public network_prober, public std::enable_shared_from_this<prober> {
public:
  prober(const io_strand& strand, const config::network_settings& network, core::unit_random random,
         echo_function echo, report_function report)
      : strand_(strand),
        check_(network.health_check),
        hosts_(network.hosts),
        schedule_(network.health_check, std::move(random)),
        echo_(std::move(echo)),
        report_(std::move(report)),
        timer_(strand) {}

  void start() override {
    net::post(strand_, [self = shared_from_this()] { self->schedule(); });
  }

  void stop() override {
    stopped_ = true;
    ++round_;
    timer_.cancel();
    for (auto& s : sockets_) {
      boost::system::error_code ignored;
      s->close(ignored);
    }
    sockets_.clear();
  }

private:
  // What one round of TCP probes has heard so far.
  struct round_state {
    std::size_t pending = 0;
    bool any_ok = false;
    std::string failures;
  };

  std::chrono::milliseconds timeout() const { return std::chrono::milliseconds(check_.timeout_ms); }

  void schedule() {
    if (stopped_)
      return;
    timer_.expires_at(schedule_.next_probe(std::chrono::steady_clock::now()));
    timer_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->stopped_)
        return;
      self->probe();
      self->schedule();
    });
  }

  void probe() {
    if (check_.kind != config::probe_kind::tcp_connect) {
      if (!echo_(timeout()))
        report_(false, std::string{to_string(check_.kind)} + " probe: no connection is up");
      return;
    }
    probe_tcp();
  }

  // One round connects to every host at once; the round is healthy when any host accepts
  // (one host down among several is its breaker's business, not the network's).
  void probe_tcp() {
    if (round_in_progress_ || hosts_.empty())
      return; // the previous round is still waiting for its timeout
    round_in_progress_ = true;
    auto round = std::make_shared<round_state>();
    round->pending = hosts_.size();
    auto id = ++round_;
    sockets_.clear();
    auto deadline = std::make_shared<net::steady_timer>(strand_, timeout());
    for (const auto& host : hosts_) {
      auto socket = std::make_shared<tcp::socket>(strand_);
      sockets_.push_back(socket);
      auto resolver = std::make_shared<tcp::resolver>(strand_);
      auto name = host.address + ":" + std::to_string(host.port);
      resolver->async_resolve(
        host.address, std::to_string(host.port),
        [self = shared_from_this(), round, id, socket, resolver,
         name](boost::system::error_code ec, const tcp::resolver::results_type& endpoints) {
          if (id != self->round_)
            return;
          if (ec)
            return self->host_done(*round, id, false, name + ": " + ec.message());
          net::async_connect(
            *socket, endpoints,
            [self, round, id, socket, name](boost::system::error_code cec, const tcp::endpoint&) {
              boost::system::error_code ignored;
              socket->close(ignored);
              if (id == self->round_)
                self->host_done(*round, id, !cec, name + ": " + (cec ? cec.message() : "ok"));
            });
        });
    }
    deadline->async_wait(
      [self = shared_from_this(), round, id, deadline](boost::system::error_code ec) {
        if (ec || id != self->round_ || round->pending == 0)
          return;
        // The hosts still connecting count as failed; their handlers find the round over.
        round->failures += (round->failures.empty() ? "" : "; ") + std::to_string(round->pending)
                           + " host(s) did not answer in " + std::to_string(self->check_.timeout_ms)
                           + " ms";
        round->pending = 0;
        self->finish(*round);
      });
  }

  void host_done(round_state& round, std::uint64_t id, bool ok, const std::string& detail) {
    if (round.pending == 0 || id != round_)
      return;
    if (ok)
      round.any_ok = true;
    else
      round.failures += (round.failures.empty() ? "" : "; ") + detail;
    if (--round.pending == 0)
      finish(round);
  }

  void finish(const round_state& round) {
    round_in_progress_ = false;
    for (auto& s : sockets_) {
      boost::system::error_code ignored;
      s->close(ignored);
    }
    sockets_.clear();
    ++round_; // late handlers of this round find it over
    if (round.any_ok)
      report_(true, "tcp_connect probe ok");
    else
      report_(false, "tcp_connect probe failed: " + round.failures);
  }

  io_strand strand_;
  config::health_check_settings check_;
  std::vector<config::host_settings> hosts_;
  core::probe_schedule schedule_;
  echo_function echo_;
  report_function report_;
  net::steady_timer timer_;
  std::vector<std::shared_ptr<tcp::socket>> sockets_;
  std::uint64_t round_ = 0;
  bool round_in_progress_ = false;
  bool stopped_ = false;
};

} // namespace

std::shared_ptr<network_prober> make_network_prober(const io_strand& strand,
                                                    const config::network_settings& network,
                                                    core::unit_random random,
                                                    network_prober::echo_function echo,
                                                    network_prober::report_function report) {
  if (network.health_check.kind == config::probe_kind::none)
    return nullptr;
  return std::make_shared<prober>(strand, network, std::move(random), std::move(echo),
                                  std::move(report));
}

} // namespace switchyard
