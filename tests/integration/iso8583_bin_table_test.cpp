// End to end through real processes: acquirer client → switchyard routing by a BIN table →
// sim-iso8583 issuers; the shell's reload-bins and route-test; check-config and a refused
// start on a broken table.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

// Told apart by their decline threshold: 5000 minor units is declined (51) by "narrow" and
// approved (00) by "wide".
constexpr std::uint64_t probe_amount = 5000;

// A BIN table file in the temp directory, removed when the test ends.
class bin_file {
public:
  explicit bin_file(const std::string& content) {
    static int counter = 0;
    path_ = std::filesystem::temp_directory_path()
            / ("switchyard-bins-" + std::to_string(::getpid()) + "-" + std::to_string(++counter)
               + ".csv");
    write(content);
  }

  ~bin_file() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }

  bin_file(const bin_file&) = delete;
  bin_file& operator=(const bin_file&) = delete;

  void write(const std::string& content) const { std::ofstream{path_} << content; }

  std::string path() const { return path_.string(); }

private:
  std::filesystem::path path_;
};

std::string node_table(const bin_file& bins) {
  return "\n[routing]\nbin_table = \"" + bins.path() + "\"\n";
}

// The response code of one 0200 for `pan` sent through `gw`.
std::string code_for(const gateway_process& gw, const std::string& pan, const std::string& stan) {
  iso_test_client client{gw.iso_port};
  client.send(make_request(pan, probe_amount, stan));
  return code_of(client.receive(3s));
}

} // namespace

TEST_SUITE("iso8583 BIN table end to end") {
  TEST_CASE("card numbers are routed by the node's BIN table, others by the rules") {
    auto narrow = start_sim({"--decline-above", "1000"});
    auto wide = start_sim({"--decline-above", "100000"});
    bin_file bins{"low,high,network,brand,product,country\n"
                  "400000,499999,visa,VISA,CREDIT,US\n"
                  "6011000000,6011099999,wide\n"};
    auto gw = start_gateway(iso_node() + node_table(bins) + iso_network("visa", narrow.port, "")
                            + iso_network("wide", wide.port, "rules = [{ default = true }]"));
    CHECK(code_for(gw, "4111111111111111", "000201") == "51");
    CHECK(code_for(gw, "6011000990139424", "000202") == "00");
    CHECK(code_for(gw, "5500000000000004", "000203") == "00"); // in no range: the default rule
  }

  TEST_CASE("a network's own table routes its ranges to it, around the priority of rules") {
    auto narrow = start_sim({"--decline-above", "1000"});
    auto wide = start_sim({"--decline-above", "100000"});
    bin_file visa{"400000,499999\n"};
    auto gw = start_gateway(
      iso_node() + iso_network("visa", narrow.port, "bin_table = \"" + visa.path() + "\"\n")
      + iso_network("wide", wide.port,
                    "rules = [{ bin_range = \"411111-411111\", priority = 50 }, "
                    "{ default = true }]"));
    CHECK(code_for(gw, "4222222222222222", "000211") == "51");
    CHECK(code_for(gw, "4111111111111111", "000212") == "00"); // the rule at 50 comes first
  }

  TEST_CASE("reload-bins routes by the new file and a broken file keeps the tables in use") {
    auto narrow = start_sim({"--decline-above", "1000"});
    auto wide = start_sim({"--decline-above", "100000"});
    bin_file bins{"400000,499999,visa\n"};
    auto gw = start_gateway(iso_node() + node_table(bins) + iso_network("visa", narrow.port, "")
                            + iso_network("mastercard", wide.port, ""));
    CHECK(code_for(gw, "4111111111111111", "000221") == "51");
    iso_test_client steady{gw.iso_port};
    bins.write("# moved\n400000,499999,mastercard\n510000,559999,mastercard\n");
    auto reloaded = shell(gw, {"reload-bins"});
    CHECK(reloaded.find("BIN tables reloaded: 2 ranges from 1 file(s)") != std::string::npos);
    CHECK(reloaded.find("(before: 1 ranges)") != std::string::npos);
    // A connection opened before the reload is routed by the new table as well.
    steady.send(make_request("4111111111111111", probe_amount, "000222"));
    CHECK(code_of(steady.receive(3s)) == "00");
    bins.write("400000,499999,mastercard\n459999,450000,visa\n");
    std::vector<std::string> args{"--connect", gw.admin, "reload-bins"};
    auto refused = run(bin_path("switchyard-shell"), args);
    INFO(refused.output);
    CHECK(refused.exit_code == 1);
    CHECK(refused.output.find("BIN tables not reloaded (the tables in use stay): 1 error(s)")
          != std::string::npos);
    CHECK(refused.output.find(bins.path()
                              + ":2:8: high: expected a high bound not below the low "
                                "bound 459999 (reversed range)")
          != std::string::npos);
    CHECK(code_for(gw, "5500000000000004", "000223") == "00");
    CHECK(code_for(gw, "4111111111111111", "000224") == "00");
  }

  TEST_CASE("route-test names the BIN table's file, line and range") {
    auto sim = start_sim({});
    bin_file bins{"# issuers\n400000,449999,visa\n450000,499999,visa,VISA,DEBIT,GB\n"};
    auto gw = start_gateway(iso_node() + node_table(bins) + iso_network("visa", sim.port, ""));
    auto output = shell(gw, {"route-test", "0200", "2=4511111111111111"});
    CHECK(output.find("network \"visa\" BIN table " + bins.path()
                      + " line 3 (range 450000-499999 VISA DEBIT GB, priority 100)")
          != std::string::npos);
    CHECK(output.find("routed to \"visa\"") != std::string::npos);
    CHECK(output.find("4511111111111111") == std::string::npos);
  }

  TEST_CASE("check-config reports a table's errors by line and the node does not start on them") {
    bin_file bins{"400000,499999,visa\n450000,459999,visa\n4x0000,470000,visa\n"};
    auto toml = iso_node() + node_table(bins) + iso_network("visa", unused_port(), "");
    temp_config config{toml};
    auto checked = run(bin_path("switchyard"), {"check-config", config.path()});
    INFO(checked.output);
    CHECK(checked.exit_code == 1);
    CHECK(checked.output.find(bins.path() + ":3:1: low: expected digits only")
          != std::string::npos);
    CHECK(checked.output.find(bins.path()
                              + ":2:1: low: expected a range that overlaps no other range at "
                                "priority 100 (450000-459999 overlaps 400000-499999 of "
                              + bins.path() + ":1)")
          != std::string::npos);
    CHECK(checked.output.find("2 errors in " + config.path()) != std::string::npos);
    auto started = run(bin_path("switchyard"), {"--config", config.path()}, 8s);
    INFO(started.output);
    CHECK(started.exit_code == 1);
    CHECK(started.output.find("switchyard: cannot start: 2 error(s) in BIN tables")
          != std::string::npos);
    CHECK(started.output.find("running; admin on") == std::string::npos);
    bins.write("400000,499999,visa\n");
    auto fixed = run(bin_path("switchyard"), {"check-config", config.path()});
    CHECK(fixed.exit_code == 0);
    CHECK(fixed.output.find("BIN tables: 1 ranges from 1 file(s)") != std::string::npos);
  }
}
