// Talks to sim-iso8583 byte by byte over a raw loopback socket.

#include "protocols/iso8583/builtin_dialects.hpp"
#include "protocols/iso8583/framing.hpp"
#include "protocols/iso8583/packer.hpp"
#include "protocols/iso8583/unpacker.hpp"
#include "tests/tools/tool_processes.hpp"

#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <sstream>

using namespace switchyard::testing;
using namespace switchyard::iso8583;

namespace {

message purchase(std::string_view stan) {
  message m;
  m.set_mti("0200");
  m.set(2, "4111111111111111");
  m.set(3, "000000");
  m.set(4, "000000001000");
  m.set(11, stan);
  m.set(41, "TERM0001");
  m.set(49, "840");
  return m;
}

// Packs `m` as iso87-ascii behind `header` in a len2 frame; `cut` drops trailing bytes.
std::string frame_of(const message& m, std::string_view header = {}, std::size_t cut = 0) {
  std::string wire;
  REQUIRE(pack(m, iso87_ascii(), wire).ok());
  wire.resize(wire.size() - cut);
  framing_settings s;
  s.header_bytes = header.size();
  std::string out;
  REQUIRE_FALSE(encode_frame(as_byte_view(header), as_byte_view(wire), s, out));
  return out;
}

message decode(std::string_view wire) {
  message m;
  const auto r = unpack(as_byte_view(wire), iso87_ascii(), m);
  REQUIRE_MESSAGE(r.ok(), to_string(r));
  return m;
}

} // namespace

TEST_SUITE("sim on the wire") {
  TEST_CASE("a malformed request gets 30 and the connection stays open") {
    const auto sim = start_sim({});
    raw_client client{sim.port};
    REQUIRE(client.connected());
    REQUIRE(client.send(frame_of(purchase("000001"), {}, 2)));
    const auto bad = client.receive_len2_frame();
    REQUIRE(bad);
    const auto bad_answer = decode(*bad);
    CHECK(bad_answer.mti() == "0210");
    CHECK(bad_answer.get(39) == "30");
    CHECK(bad_answer.get(11) == "000001");
    REQUIRE(client.send(frame_of(purchase("000002"))));
    const auto good = client.receive_len2_frame();
    REQUIRE(good);
    const auto good_answer = decode(*good);
    CHECK(good_answer.get(39) == "00");
    CHECK(good_answer.get(38).size() == 6);
    CHECK(good_answer.get(11) == "000002");
  }

  TEST_CASE("answers carry the request header with the TPDU addresses swapped") {
    const auto sim = start_sim({"--header-bytes", "5"});
    raw_client client{sim.port};
    REQUIRE(client.send(frame_of(purchase("000003"), std::string("\x60\x00\x01\x00\x02", 5))));
    const auto answer = client.receive_len2_frame();
    REQUIRE(answer);
    CHECK(answer->substr(0, 5) == std::string("\x60\x00\x02\x00\x01", 5));
    CHECK(decode(answer->substr(5)).get(39) == "00");
  }

  TEST_CASE("an echo test is answered 0810 with field 70") {
    const auto sim = start_sim({});
    raw_client client{sim.port};
    message echo;
    echo.set_mti("0800");
    echo.set(7, "0612143015");
    echo.set(11, "000004");
    echo.set(70, "301");
    REQUIRE(client.send(frame_of(echo)));
    const auto answer = client.receive_len2_frame();
    REQUIRE(answer);
    const auto m = decode(*answer);
    CHECK(m.mti() == "0810");
    CHECK(m.get(39) == "00");
    CHECK(m.get(70) == "301");
  }

  TEST_CASE("advices answered 96 by the advice error rate, and every decision in the ledger") {
    temp_dir dir;
    const auto ledger = dir.path() + "/issuer.ledger";
    auto sim = start_sim({"--advice-error-rate", "1", "--ledger", ledger});
    raw_client client{sim.port};
    auto sale = purchase("000007");
    sale.set(37, "500000000001");
    REQUIRE(client.send(frame_of(sale)));
    REQUIRE(client.receive_len2_frame());
    auto advice = sale;
    advice.set_mti("0420");
    const auto original = "0200000007" + std::string(32, '0'); // field 90 is n 42
    advice.set(90, original);
    REQUIRE(client.send(frame_of(advice)));
    const auto answer = client.receive_len2_frame();
    REQUIRE(answer);
    const auto m = decode(*answer);
    CHECK(m.mti() == "0430");
    CHECK(m.get(39) == "96");
    sim.process->signal(SIGTERM);
    REQUIRE(sim.process->wait(std::chrono::seconds{5}));
    std::ifstream in{ledger};
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str()
          == "request\t0200\t500000000001\t000007\tTERM0001\tapproved\n"
             "advice\t0420\t500000000001\t000007\tTERM0001\t"
               + original + "\t96\n");
  }

  TEST_CASE("unframeable input closes the connection with a logged reason") {
    auto sim = start_sim({"--framing", "ascii4"});
    raw_client client{sim.port};
    REQUIRE(client.send("ABCD0200"));
    CHECK(client.closed_by_peer());
    CHECK(sim.process->wait_for_line("unframeable input", std::chrono::seconds{5}));
  }

  TEST_CASE("SIGTERM stops the simulator with exit code 0 and a stats line") {
    auto sim = start_sim({"--name", "visa"});
    raw_client client{sim.port};
    REQUIRE(client.send(frame_of(purchase("000005"))));
    REQUIRE(client.receive_len2_frame());
    sim.process->signal(SIGTERM);
    const auto stats = sim.process->wait_for_line("stats", std::chrono::seconds{5});
    REQUIRE(stats);
    CHECK(stats->find("sim-iso8583[visa]") != std::string::npos);
    CHECK(stats->find("connections=1 requests=1 approved=1") != std::string::npos);
    const auto code = sim.process->wait(std::chrono::seconds{5});
    REQUIRE(code);
    CHECK(*code == 0);
  }

  TEST_CASE("the full card number never reaches the log") {
    auto sim = start_sim({"--verbose"});
    raw_client client{sim.port};
    REQUIRE(client.send(frame_of(purchase("000006"))));
    REQUIRE(client.receive_len2_frame());
    sim.process->signal(SIGTERM);
    REQUIRE(sim.process->wait_for_line("stats", std::chrono::seconds{5}));
    CHECK(sim.process->output().find("411111******1111") != std::string::npos);
    CHECK(sim.process->output().find("4111111111111111") == std::string::npos);
  }
}
