#include "actors/iso8583/iso_link_impl.hpp"
#include "actors/iso8583/iso_wire.hpp"
#include "protocols/iso8583/response.hpp"

#include <ctime>

namespace switchyard {

namespace {

// ISO 8583:1987 field 7, transmission date and time: MMDDhhmmss in UTC.
std::string transmission_time() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%m%d%H%M%S", &utc);
  return buf;
}

} // namespace

// Field 70 (network management information code): 001 sign-on, 301 echo test.
void iso_link_impl::send_admin(std::string_view code, std::chrono::milliseconds timeout) {
  iso8583::message m;
  m.set_mti("0800");
  m.set(7, transmission_time());
  // The link's own STANs come from 900000 up, apart from the acquirers' usual range.
  admin_stan_ = std::to_string(900000 + (admin_counter_++ % 100000));
  m.set(11, admin_stan_);
  m.set(70, code);
  admin_code_ = code;
  auto r
    = encode_message_frame(settings_.header, m, *settings_.dialect, settings_.framing, out_queue_);
  if (!r.ok())
    return drop("cannot encode 0800: " + iso8583::to_string(r));
  if (!writing_)
    do_write();
  admin_timer_.expires_after(timeout);
  admin_timer_.async_wait([self = self(), gen = generation()](auto ec) {
    if (!ec)
      self->on_admin_timeout(gen);
  });
}

// Returns true when `m` was the link's own network management traffic.
bool iso_link_impl::handle_admin_response(const iso8583::message& m) {
  if (m.mti() == "0800") {
    // The network's own network management: answered here, it is not an acquirer's business.
    iso8583::message reply;
    if (!iso8583::make_response(m, reply)) {
      if (auto code = m.find(70))
        reply.set(70, *code);
      reply.set(39, "00");
      encode_message_frame(settings_.header, reply, *settings_.dialect, settings_.framing,
                           out_queue_);
      if (!writing_)
        do_write();
    }
    on_issuer_management(m.get(70));
    return true;
  }
  if (m.mti() != "0810" || admin_stan_.empty() || m.get(11) != admin_stan_)
    return false;
  auto code = admin_code_;
  admin_stan_.clear();
  admin_timer_.cancel();
  auto result = std::string{m.get(39)};
  bool ok = result == "00";
  if (code == "001") {
    if (ok)
      mark_up();
    else
      drop("sign-on refused with response code " + result);
  } else {
    events_->on_echo(settings_.id, ok, ok ? "echo ok" : "echo answered " + result);
  }
  return true;
}

// ISO 8583:1987 field 70: 002 sign-off (no financial traffic until a sign-on), 001 sign-on.
void iso_link_impl::on_issuer_management(std::string_view code) {
  if (code == "002" && up_.load(std::memory_order_acquire)) {
    signed_off_ = true;
    up_.store(false, std::memory_order_release);
    events_->on_link_signed_off(settings_.id);
  } else if (code == "001" && signed_off_) {
    signed_off_ = false;
    mark_up();
  }
}

void iso_link_impl::arm_echo_timer() {
  if (settings_.echo_interval.count() <= 0)
    return;
  auto idle = std::chrono::steady_clock::now() - last_activity_;
  auto wait = settings_.echo_interval - std::chrono::duration_cast<std::chrono::milliseconds>(idle);
  echo_timer_.expires_after(std::max(wait, std::chrono::milliseconds(1)));
  echo_timer_.async_wait([self = self(), gen = generation()](auto ec) {
    if (!ec && gen == self->generation())
      self->on_echo_timer();
  });
}

void iso_link_impl::on_echo_timer() {
  if (!is_connected())
    return;
  auto idle = std::chrono::steady_clock::now() - last_activity_;
  if (idle >= settings_.echo_interval && admin_stan_.empty())
    send_admin("301", settings_.connect_timeout);
  arm_echo_timer();
}

bool iso_link_impl::echo_now(std::chrono::milliseconds timeout) {
  if ((!up_.load(std::memory_order_acquire) && !signed_off_) || !is_connected())
    return false;
  if (admin_stan_.empty())
    send_admin("301", timeout);
  return true; // an echo already outstanding answers for this one too
}

void iso_link_impl::on_admin_timeout(std::uint64_t sent_on) {
  if (sent_on != generation() || admin_stan_.empty())
    return;
  if (admin_code_ == "301")
    events_->on_echo(settings_.id, false, "echo timed out");
  drop(admin_code_ == "001" ? "sign-on timed out" : "echo timed out");
}

void iso_link_impl::mark_up() {
  signed_off_ = false;
  connection_proved();
  up_.store(true, std::memory_order_release);
  events_->on_link_up(settings_.id);
  arm_echo_timer();
}

} // namespace switchyard
