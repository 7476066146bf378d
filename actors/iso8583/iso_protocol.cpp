#include "actors/iso8583/iso_protocol.hpp"

#include "actors/io/journal_cipher.hpp"
#include "actors/io/log.hpp"
#include "actors/io/tls_context.hpp"
#include "actors/iso8583/iso_listener.hpp"
#include "actors/iso8583/iso_relay_form.hpp"
#include "actors/iso8583/iso_upstream.hpp"
#include "actors/iso8583/iso_wire.hpp"
#include "protocols/iso8583/describe.hpp"
#include "protocols/iso8583/dialect_loader.hpp"

#include <cctype>
#include <filesystem>

namespace switchyard {

namespace {

// Where network `name` keeps its journal in `state_dir`. Network names become file names:
// anything but letters, digits, '.', '-' and '_' is '_'.
std::string journal_path_of(const std::string& state_dir, const std::string& name) {
  std::string file = "reversals-";
  for (char c : name)
    file
      += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_' ? c : '_';
  return (std::filesystem::path{state_dir} / (file + ".journal")).string();
}

// The journal of network `name` in `state_dir` (created when missing).
reversal_journal::opened open_reversal_journal(const std::string& state_dir,
                                               const std::string& name,
                                               const iso8583::dialect& dialect,
                                               const journal_cipher* cipher) {
  std::error_code ec;
  std::filesystem::create_directories(state_dir, ec);
  if (ec) {
    reversal_journal::opened failed;
    failed.error = "cannot create " + state_dir + ": " + ec.message();
    return failed;
  }
  return reversal_journal::open(journal_path_of(state_dir, name), dialect, cipher);
}

// A network's upstream as its connector owns it: the numbers it publishes made neutral, and
// its start, which opens its reversal journal first.
class iso_network final : public network_path {
public:
  iso_network(network_setup setup, std::shared_ptr<const iso8583::dialect> dialect,
              std::shared_ptr<iso_upstream> upstream)
      : setup_(std::move(setup)), dialect_(std::move(dialect)), upstream_(std::move(upstream)) {}

  std::shared_ptr<network_port> port() override { return upstream_; }

  // The connector of the network's previous settings may still be draining on this journal.
  bool may_start() const override {
    return setup_.state_dir.empty()
           || !reversal_journal::is_held(journal_path_of(setup_.state_dir, setup_.network.name));
  }

  void stop() override { upstream_->stop(); }

  void reset_breakers(std::vector<std::size_t> hosts) override {
    upstream_->reset_breakers(std::move(hosts));
  }

  void retry_owed() override { upstream_->retry_owed(); }

  // The journal may wait for a predecessor to let go of it: the connector announces the
  // port first, and requests meanwhile wait for a first link like at any start.
  std::string start() override {
    std::shared_ptr<reversal_journal> journal;
    std::vector<reversal_journal::owed_advice> owed;
    const auto& name = setup_.network.name;
    if (!setup_.state_dir.empty()) {
      auto opened = open_reversal_journal(setup_.state_dir, name, *dialect_, setup_.cipher.get());
      if (!opened.journal)
        return "reversal journal: " + opened.error;
      if (!opened.owed.empty())
        log(log_level::warn, name, log_fields::of_network(name),
            std::to_string(opened.owed.size()) + " reversal advice(s) still owed from "
              + opened.journal->path());
      if (opened.quarantined_now > 0)
        log(log_level::error, name, log_fields::of_network(name),
            std::to_string(opened.quarantined_now) + " unreadable line(s) of "
              + opened.journal->path() + " moved to " + opened.journal->quarantine_path()
              + ": an operator must look at them (switchyard-shell saf)");
      journal = std::move(opened.journal);
      owed = std::move(opened.owed);
    }
    upstream_->start(std::move(journal), std::move(owed));
    return {};
  }

  network_numbers numbers() const override {
    auto n = upstream_->numbers();
    network_numbers out;
    const auto& c = n.counters;
    out.requests = c.requests;
    out.responses = c.responses;
    out.timeouts = c.timeouts;
    out.unavailable = c.unavailable;
    out.rejected = c.rejected;
    out.late = c.late;
    out.duplicates = c.duplicates;
    out.refused_financial = c.refused_financial;
    out.undelivered = c.undelivered;
    out.remapped = n.remapped;
    out.links = n.links;
    out.links_up = n.links_up;
    out.in_flight = n.in_flight + n.waiting;
    out.owed = n.reversals_pending;
    out.owed_in_flight = n.reversals_in_flight;
    out.acknowledged = n.reversals_acknowledged;
    out.refused_by_upstream = n.reversals_refused;
    out.quarantined = n.quarantined;
    out.journal = std::move(n.journal);
    out.alarms = std::move(n.alarms);
    out.hosts = std::move(n.hosts);
    out.latency = n.latency;
    auto now = std::chrono::steady_clock::now();
    for (const auto& o : n.owed)
      out.owed_rows.push_back(
        {o.id, std::string{o.advice.mti()}, o.attempts,
         std::chrono::duration_cast<std::chrono::milliseconds>(o.due - now).count(), o.in_flight,
         iso8583::describe(o.advice, *dialect_)});
    return out;
  }

private:
  network_setup setup_;
  std::shared_ptr<const iso8583::dialect> dialect_;
  std::shared_ptr<iso_upstream> upstream_;
};

// An acquirer listener as its listener actor owns it.
class iso_acquirers final : public listener_path {
public:
  explicit iso_acquirers(std::shared_ptr<iso_listener> listener) : listener_(std::move(listener)) {}

  ~iso_acquirers() override { listener_->stop(); }

  std::uint16_t port() const noexcept override { return listener_->port(); }

  bool is_tls() const noexcept override { return listener_->context().tls != nullptr; }

  void stop() override { listener_->stop(); }

  void drain() override { listener_->drain(); }

  bool is_drained() const noexcept override { return listener_->is_drained(); }

  listener_numbers numbers() const override {
    const auto& c = listener_->context().counters;
    auto n = connection_numbers(c);
    n.requests = c.requests.load();
    n.responses = c.responses.load();
    n.format_errors = c.format_errors.load();
    n.rejected_frames = c.rejected_frames.load();
    return n;
  }

private:
  std::shared_ptr<iso_listener> listener_;
};

class iso_factory final : public protocol_factory {
public:
  std::string make_network(const network_setup& setup,
                           std::shared_ptr<network_path>& out) const override {
    const auto& n = setup.network;
    // Shared with listeners naming the same dialect: requests and responses then pass
    // through in their wire form unless the gateway changed them.
    auto loaded = iso8583::share_dialect(n.dialect);
    if (!loaded.ok())
      return "dialect " + n.dialect + ": " + iso8583::to_string(loaded.errors.front());
    iso_upstream_setup up;
    up.network = n;
    up.dialect = loaded.value;
    if (n.tls.enabled) {
      auto made = make_client_tls(n.tls);
      if (!made.context)
        return made.error;
      if (!made.notice.text.empty())
        log(made.notice.expired ? log_level::error : log_level::warn, n.name, made.notice.text);
      up.tls = made.context;
    }
    up.events = setup.events;
    up.tally = setup.tally;
    out = std::make_shared<iso_network>(setup, std::move(loaded.value),
                                        make_iso_upstream(*setup.io, std::move(up)));
    return {};
  }

  std::string start_listener(const listener_setup& setup,
                             std::shared_ptr<listener_path>& out) const override {
    auto ctx = std::make_shared<iso_listener_context>();
    const auto& s = setup.listener;
    auto loaded = iso8583::share_dialect(s.dialect);
    if (!loaded.ok())
      return "dialect " + s.dialect + ": " + iso8583::to_string(loaded.errors.front());
    ctx->owned_dialect = std::move(loaded.value);
    ctx->dialect = ctx->owned_dialect.get();
    ctx->framing.kind = to_iso_framing(s.framing);
    ctx->framing.header_bytes = s.header_bytes;
    ctx->framing.max_frame_bytes = s.max_frame_bytes;
    if (s.tls.enabled) {
      auto made = make_server_tls(s.tls);
      if (!made.context)
        return made.error;
      if (!made.notice.text.empty())
        log(made.notice.expired ? log_level::error : log_level::warn, s.name, made.notice.text);
      ctx->tls = made.context;
    }
    ctx->routes = setup.routes;
    ctx->settings = s;
    auto listener = std::make_shared<iso_listener>(*setup.io, ctx);
    if (auto error = listener->start(); !error.empty())
      return error;
    out = std::make_shared<iso_acquirers>(std::move(listener));
    return {};
  }

  std::string relay_request(const exchange& x) const override {
    return to_relay_form(static_cast<const iso_exchange&>(x).request());
  }

  bool answer_relayed(exchange& x, std::string_view answer) const override {
    iso8583::message response;
    if (!from_relay_form(answer, response))
      return false;
    static_cast<iso_exchange&>(x).answer(response);
    return true;
  }

  exchange_ptr accept_relayed(const std::string&, std::string_view request, relayed_reply reply,
                              std::string& error) const override {
    iso8583::message m;
    if (!from_relay_form(request, m)) {
      error = "not an ISO 8583 message in relay form";
      return nullptr;
    }
    return make_exchange<iso_exchange>(
      std::move(m), [reply = std::move(reply)](const iso8583::message& response,
                                               std::shared_ptr<delivery_guard> guard) {
        reply(to_relay_form(response), std::move(guard));
      });
  }
};

} // namespace

const protocol_factory& iso8583_protocol() {
  static const iso_factory factory;
  return factory;
}

} // namespace switchyard
