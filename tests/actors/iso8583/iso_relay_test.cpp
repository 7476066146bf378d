// ISO 8583 requests relayed between nodes: the relay form, and the protocol's three relay
// steps (request out, exchange on the hosting node, answer back) end to end without sockets.

#include "actors/iso8583/iso_exchange.hpp"
#include "actors/iso8583/iso_protocol.hpp"
#include "actors/iso8583/iso_relay_form.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>

namespace iso = switchyard::iso8583;
using namespace switchyard;

namespace {

iso::message sale() {
  iso::message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, "000123");
  m.set(41, "TERM0001");
  m.set(55, std::string{"\x9f\x02\x06\x00\x00\x00\x00\x10\x00\x00\xff", 11}); // binary, NULs
  m.set(128, "0123456789ABCDEF");
  return m;
}

void check_same(const iso::message& a, const iso::message& b) {
  CHECK(a.has_mti() == b.has_mti());
  CHECK(a.mti() == b.mti());
  CHECK(a.size() == b.size());
  for (int f = 2; f <= 192; ++f) {
    CHECK(a.has(f) == b.has(f));
    if (a.has(f))
      CHECK(a.get(f) == b.get(f));
  }
}

} // namespace

TEST_CASE("a message survives the relay form, binary fields and all") {
  auto original = sale();
  iso::message copy;
  REQUIRE(from_relay_form(to_relay_form(original), copy));
  check_same(original, copy);

  iso::message no_mti;
  no_mti.set(11, "000001");
  REQUIRE(from_relay_form(to_relay_form(no_mti), copy));
  CHECK_FALSE(copy.has_mti());
  CHECK(copy.get(11) == "000001");
}

TEST_CASE("what is not a relay form is refused") {
  auto form = to_relay_form(sale());
  iso::message out;
  CHECK_FALSE(from_relay_form("", out));
  CHECK_FALSE(from_relay_form("020", out));                           // short MTI
  CHECK_FALSE(from_relay_form("02x0", out));                          // not an MTI
  CHECK_FALSE(from_relay_form(form.substr(0, form.size() - 1), out)); // cut short
  CHECK_FALSE(from_relay_form(form.substr(0, 6), out));               // length cut
  std::string descending = "0200";
  for (int field : {11, 3}) {
    descending.push_back(static_cast<char>(field));
    descending.append(std::string{"\x06\x00\x00\x00", 4});
    descending.append("000000");
  }
  CHECK_FALSE(from_relay_form(descending, out));
  std::string bitmap_field = "0200";
  bitmap_field.push_back('\x01');
  bitmap_field.append(std::string{"\x00\x00\x00\x00", 4});
  CHECK_FALSE(from_relay_form(bitmap_field, out));
}

TEST_CASE("a relayed sale is answered on the node that read it with the hosting node's answer") {
  const auto& protocol = iso8583_protocol();
  std::optional<iso::message> to_acquirer;
  auto acquirer_side = make_exchange<iso_exchange>(
    sale(), [&](const iso::message& m, std::shared_ptr<delivery_guard>) { to_acquirer = m; });

  // The hosting node makes its own exchange of the relayed request...
  std::string answer;
  std::string error;
  auto hosted = protocol.accept_relayed(
    "visa", protocol.relay_request(*acquirer_side),
    [&](std::string a, std::shared_ptr<delivery_guard>) { answer = std::move(a); }, error);
  REQUIRE(hosted != nullptr);
  CHECK(error.empty());
  auto& upstream = static_cast<iso_exchange&>(*hosted);
  check_same(upstream.request(), sale());
  // ... which its network answers.
  auto response = make_code_response(upstream.request(), "00");
  response.set(38, "A1B2C3");
  REQUIRE(upstream.answer(response));
  REQUIRE_FALSE(answer.empty());

  REQUIRE(protocol.answer_relayed(*acquirer_side, answer));
  REQUIRE(to_acquirer.has_value());
  CHECK(to_acquirer->mti() == "0210");
  CHECK(to_acquirer->get(39) == "00");
  CHECK(to_acquirer->get(38) == "A1B2C3");
  CHECK(to_acquirer->get(11) == "000123");
  CHECK(acquirer_side->is_answered());
}

TEST_CASE("unreadable relayed requests and answers are refused, not guessed at") {
  const auto& protocol = iso8583_protocol();
  std::string error;
  auto hosted = protocol.accept_relayed(
    "visa", "garbage", [](std::string, std::shared_ptr<delivery_guard>) {}, error);
  CHECK(hosted == nullptr);
  CHECK_FALSE(error.empty());

  bool answered = false;
  auto x = make_exchange<iso_exchange>(
    sale(), [&](const iso::message&, std::shared_ptr<delivery_guard>) { answered = true; });
  CHECK_FALSE(protocol.answer_relayed(*x, "02"));
  CHECK_FALSE(answered);
  CHECK_FALSE(x->is_answered());
  x->fail(errc::upstream_error);
  CHECK(answered);
}
