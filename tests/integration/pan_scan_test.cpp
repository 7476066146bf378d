// The scan every end-to-end suite runs over a node's logs when the node stops (child_process):
// which digit runs count as a full card number and which a node may log.

#include "tests/integration/pan_scan.hpp"

#include "tests/integration/node_log_check.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using switchyard::testing::check_node_logs;
using switchyard::testing::find_full_pans;
using switchyard::testing::is_node;
using switchyard::testing::passes_luhn;

namespace fs = std::filesystem;

namespace {

std::size_t count(const std::string& text) {
  return find_full_pans(text).size();
}

} // namespace

TEST_SUITE("pan_scan") {
  TEST_CASE("the Luhn check takes the well-known test card numbers and refuses a changed one") {
    CHECK(passes_luhn("4111111111111111"));
    CHECK(passes_luhn("371449635398431"));
    CHECK(passes_luhn("6011000990139424"));
    CHECK_FALSE(passes_luhn("4111111111111112"));
  }

  TEST_CASE("finds a test PAN that fails the Luhn check, as the BIN routing suites send") {
    CHECK_FALSE(passes_luhn("4222222222222222"));
    CHECK(count("pan=4222222222222222") == 1);
  }

  TEST_CASE("finds a test PAN plain, grouped, inside a raw frame and in ASCII or EBCDIC hex") {
    CHECK(count("pan=4111111111111111 stan=000001") == 1);
    CHECK(count("card 4111 1111 1111 1111 declined") == 1);
    CHECK(count("card 3714-496353-98431") == 1);
    CHECK(count("frame 0200723A000108C08000164111111111111111000000") == 1);
    CHECK(count("hex 3431313131313131313131313131313130") == 1);
    CHECK(count("hex 34 31 31 31 31 31 31 31 31 31 31 31 31 31 31 31") == 1);
    CHECK(count("ebcdic f5f5f0f0f0f0f0f0f0f0f0f0f0f0f0f4") == 1);
  }

  TEST_CASE("finds an unknown card number that passes the Luhn check and stands alone") {
    CHECK(count("pan=4000001234567899 ok") == 1);
    CHECK(count("pan=4000001234567890 ok") == 0);
  }

  TEST_CASE("finds an unknown card number right after an escape of a logfmt or JSON value") {
    CHECK(count(R"(msg="line one\n4000001234567899 ok")") == 1);
    CHECK(count(R"({"msg":"tab\t4000001234567899"})") == 1);
    CHECK(count(R"(msg="nul\x004000001234567899")") == 1);
    CHECK(count(R"({"msg":"nul\u00004000001234567899"})") == 1);
    CHECK(count(R"(msg="quoted \"4000001234567899\"")") == 1);
    // A backslash that escapes nothing leaves the letters as they are: no boundary.
    CHECK(count(R"(msg="id\q4000001234567899")") == 0);
    auto seen = find_full_pans(R"(msg="a\n4000001234567899")");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].masked_line == R"(msg="a\n400000******7899")");
  }

  TEST_CASE("reports the PAN and its line masked") {
    auto seen = find_full_pans("started\nvisa: pan 4111111111111111 routed\n");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].masked_pan == "411111******1111");
    CHECK(seen[0].line == 2);
    CHECK(seen[0].masked_line == "visa: pan 411111******1111 routed");
  }

  TEST_CASE("leaves masked PANs and what a node logs legitimately alone") {
    CHECK(count("pan=411111******1111 track=411111******1111=****") == 0);
    CHECK(count("amount=000000001000 stan=000001 rrn=000000000001 at 0612101530") == 0);
    CHECK(count("2024-06-12T10:15:30.123456789Z listening on 127.0.0.1:45123") == 0);
    CHECK(count("bin 400000-499999 routes to visa") == 0);
    CHECK(count("token 0000000000000000001 id a4000001234567899b") == 0);
  }

  TEST_CASE("a node is the switchyard binary, started directly or through a launcher") {
    CHECK(is_node("/build/bin/switchyard", {"--config", "x.toml"}));
    CHECK(is_node("/usr/bin/prlimit", {"--nofile=64", "/build/bin/switchyard"}));
    CHECK_FALSE(is_node("/build/bin/switchyard-shell", {"status"}));
    CHECK_FALSE(is_node("/build/bin/sim-iso8583", {}));
  }

  // Proves the check fails a test: a node whose log file (rotated) holds a full PAN.
  TEST_CASE("a full PAN in a node's rotated log file fails the test" * doctest::should_fail()) {
    auto dir = fs::temp_directory_path() / ("switchyard-pan-scan-" + std::to_string(getpid()));
    fs::create_directories(dir / "logs");
    std::ofstream{dir / "gw.toml"}
      << "[node]\nname = \"n\"\n\n[logging]\nfile = \"logs/node.log\"\n";
    std::ofstream{dir / "logs" / "node.log"} << "clean\n";
    std::ofstream{dir / "logs" / "node.log.1"} << "pan=5500000000000004\n";
    check_node_logs({"--config", (dir / "gw.toml").string()}, "clean output\n");
    fs::remove_all(dir);
  }
}
