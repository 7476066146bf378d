// Money safety end to end, with real processes: reversals that survive failing disks and
// crashes, duplicates, approvals the acquirer never saw, owed advices past their bound.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/iso_test_client.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

// A state_dir of its own for one test, removed afterwards (immutable flags cleared first).
struct state_dir {
  std::string path;

  state_dir() {
    char pattern[] = "/tmp/switchyard-money-XXXXXX";
    path = ::mkdtemp(pattern);
  }

  ~state_dir() {
    run("/usr/bin/chattr", {"-R", "-i", path});
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }

  std::string journal() const { return path + "/reversals-visa.journal"; }
};

std::string read_text(const std::string& path) {
  std::ifstream in{path};
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A node with one listener and network "visa" (every card) on `issuer_port`; the network
// has two connections unless `network_extra` sets pool_size.
std::string node_with(std::uint16_t issuer_port, const std::string& node_extra,
                      const std::string& network_extra) {
  auto pool = network_extra.find("pool_size") == std::string::npos ? "pool_size = 2\n" : "";
  return "[node]\nname = \"e2e\"\ncluster_port = 0\n" + node_extra
         + "\n\n[[listeners]]\nprotocol = \"iso8583\"\nport = 0\n\n[[networks]]\n"
           "name = \"visa\"\nprotocol = \"iso8583\"\nhosts = [{ address = \"127.0.0.1\", port = "
         + std::to_string(issuer_port) + " }]\nrules = [{ default = true }]\n" + pool
         + network_extra + "\n";
}

// Reads what `p` printed for `wait`.
const std::string& output_after(child_process& p, std::chrono::milliseconds wait) {
  p.wait_for_line("\x01never printed\x01", wait);
  return p.output();
}

std::string state_in(const state_dir& dir) {
  return "state_dir = \"" + dir.path + "\"";
}

// Sends `m` on a fresh connection and returns field 39 of the answer and how long it took.
std::pair<std::string, std::chrono::milliseconds> ask(std::uint16_t port,
                                                      const switchyard::iso8583::message& m,
                                                      std::chrono::milliseconds wait = 3s) {
  iso_test_client client{port};
  auto sent = std::chrono::steady_clock::now();
  client.send(m);
  auto answer = client.receive(wait);
  return {code_of(answer), std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - sent)};
}

// CPU time (user + system) the process has used.
std::chrono::milliseconds cpu_time(pid_t pid) {
  std::ifstream in{"/proc/" + std::to_string(pid) + "/stat"};
  std::string text((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields{text.substr(text.rfind(')') + 2)};
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i)
    if (i == 14 || i == 15)
      ticks += std::stol(field);
  return std::chrono::milliseconds(ticks * 1000 / sysconf(_SC_CLK_TCK));
}

// The columns of network `name`'s row in `stats` output: links, requests, answered, in
// flight, timeouts, unavailable, rejected, late, remapped, owed/acked, duplicates,
// undelivered, refused, upstream errors (index 0 is the name).
std::vector<std::string> stats_row(const std::string& stats, const std::string& name) {
  std::istringstream lines{stats};
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words{line};
    std::vector<std::string> row{std::istream_iterator<std::string>{words}, {}};
    if (row.size() == 15 && row[0] == name)
      return row;
  }
  return {};
}

bool has_alarm(const std::string& stats, const std::string& text) {
  return stats.find("ALARM visa: ") != std::string::npos && stats.find(text) != std::string::npos;
}

} // namespace

TEST_SUITE("iso8583 money safety end to end") {
  TEST_CASE(
    "a journal write that fails half-way stops financial requests and leaves no torn line") {
    state_dir dir;
    auto silent = start_sim({"--drop-rate", "1"});
    // Room for the journal's header and 40 bytes more: the first advice's line is cut short.
    auto header = std::string{"# switchyard reversal journal v2 cipher=none\n"};
    auto limit = "--fsize=" + std::to_string(header.size() + 40);
    auto gw = start_gateway(node_with(silent.port, state_in(dir), "timeout_ms = 200"),
                            {"/usr/bin/prlimit", limit});
    REQUIRE(ask(gw.iso_port, make_request("4111111111111111", 100, "000001")).first == "68");
    auto stats = shell_until(gw, {"stats"}, [](const std::string& out) {
      return has_alarm(out, "the reversal journal cannot be written");
    });
    INFO(stats);
    CHECK(has_alarm(stats, "financial requests answered 91"));
    // The next sale is refused at once instead of creating another exposure.
    auto [code, took] = ask(gw.iso_port, make_request("4111111111111111", 100, "000002"));
    CHECK(code == "91");
    CHECK(took < 150ms);
    // Nothing of the failed write stayed behind to join the next line.
    CHECK(read_text(dir.journal()) == header);
  }

  TEST_CASE("a node killed right after answering 68 still reverses the sale after restart") {
    state_dir dir;
    {
      auto silent = start_sim({"--drop-rate", "1"});
      auto gw = start_gateway(node_with(silent.port, state_in(dir), "timeout_ms = 200"));
      iso_test_client client{gw.iso_port};
      client.send(make_request("4111111111111111", 100, "000041"));
      REQUIRE(code_of(client.receive(3s)) == "68");
      gw.process->signal(SIGKILL); // at once: the advice must already be on disk
      gw.process->wait(2s);
    }
    auto issuer = start_sim({"--verbose"});
    auto gw = start_gateway(node_with(issuer.port, state_in(dir), "timeout_ms = 200"));
    auto advice = issuer.process->wait_for_line("request 042", 5s);
    REQUIRE(advice.has_value());
    CHECK(advice->find("11=000041") != std::string::npos);
  }

  TEST_CASE("a journal that cannot be written refuses sales until it can, then catches up") {
    state_dir dir;
    auto silent = start_sim({"--drop-rate", "1"});
    auto toml = node_with(silent.port, state_in(dir), "timeout_ms = 200");
    {
      auto gw = start_gateway(toml);
      REQUIRE(run("/usr/bin/chattr", {"+i", dir.journal()}).exit_code == 0);
      CHECK(ask(gw.iso_port, make_request("4111111111111111", 100, "000051")).first == "68");
      CHECK(ask(gw.iso_port, make_request("4111111111111111", 100, "000052")).first == "91");
      auto alarmed = shell(gw, {"stats"});
      INFO(alarmed);
      CHECK(has_alarm(alarmed, "the reversal journal cannot be written"));
      REQUIRE(run("/usr/bin/chattr", {"-i", dir.journal()}).exit_code == 0);
      // The owed advice reaches the disk within the next retry, and sales go out again.
      auto stats = shell_until(gw, {"stats"}, [](const std::string& out) {
        return out.find("ALARM") == std::string::npos;
      });
      INFO(stats);
      CHECK(stats.find("ALARM") == std::string::npos);
      CHECK(ask(gw.iso_port, make_request("4111111111111111", 100, "000053")).first == "68");
      gw.process->signal(SIGKILL);
      gw.process->wait(2s);
    }
    // Both forwarded sales are owed after a crash; the refused one never went out.
    auto journal = read_text(dir.journal());
    CHECK(std::regex_search(journal, std::regex{"\nowe 1 "}));
    CHECK(std::regex_search(journal, std::regex{"\nowe 2 "}));
    CHECK_FALSE(std::regex_search(journal, std::regex{"\nowe 3 "}));
  }

  TEST_CASE("advices owed while the issuer is gone cost the node no CPU") {
    auto sim = start_sim({"--drop-rate", "1"});
    auto gw = start_gateway(node_with(sim.port, "", "timeout_ms = 200\npool_size = 1"));
    REQUIRE(ask(gw.iso_port, make_request("4111111111111111", 100, "000061")).first == "68");
    sim.process->signal(SIGKILL);
    sim.process->wait(2s);
    auto down = shell_until(gw, {"stats"}, [](const std::string& out) {
      auto row = stats_row(out, "visa");
      return !row.empty() && row[1] == "0/1";
    });
    REQUIRE(stats_row(down, "visa").at(1) == "0/1");
    std::this_thread::sleep_for(300ms);
    auto before = cpu_time(gw.process->pid());
    std::this_thread::sleep_for(1500ms);
    auto used = cpu_time(gw.process->pid()) - before;
    INFO("CPU used in 1.5 s: " << used.count() << " ms");
    CHECK(used < 200ms);
  }

  TEST_CASE("past max_owed_reversals sales get 91 at once and the shell raises the alarm") {
    auto silent = start_sim({"--drop-rate", "1"});
    auto gw = start_gateway(
      node_with(silent.port, "", "timeout_ms = 200\nmax_owed_reversals = 1\npool_size = 1"));
    REQUIRE(ask(gw.iso_port, make_request("4111111111111111", 100, "000071")).first == "68");
    auto [code, took] = ask(gw.iso_port, make_request("4111111111111111", 100, "000072"));
    CHECK(code == "91");
    CHECK(took < 150ms);
    auto stats = shell(gw, {"stats"});
    INFO(stats);
    CHECK(has_alarm(stats, "1 reversal advices owed (max_owed_reversals = 1)"));
    auto saf = shell(gw, {"saf"});
    INFO(saf);
    CHECK(saf.find("visa: 1 reversal advice(s) owed") != std::string::npos);
    CHECK(saf.find("11=000071") != std::string::npos);
    CHECK(saf.find("4111111111111111") == std::string::npos); // masked
    CHECK(saf.find("411111") != std::string::npos);
    CHECK(output_after(*gw.process, 100ms).find("financial requests answered 91 from now on")
          != std::string::npos);
  }

  TEST_CASE("a repeat of an unanswered advice carries the STAN of its 0420") {
    auto silent = start_sim({"--drop-rate", "1", "--verbose"});
    auto gw = start_gateway(node_with(silent.port, "", "timeout_ms = 200\npool_size = 1"));
    REQUIRE(ask(gw.iso_port, make_request("4111111111111111", 100, "000081")).first == "68");
    auto first = silent.process->wait_for_line("request 0420", 3s);
    auto repeat = silent.process->wait_for_line("request 0421", 4s);
    REQUIRE(first.has_value());
    REQUIRE(repeat.has_value());
    CHECK(first->find("11=000081") != std::string::npos);
    CHECK(repeat->find("11=000081") != std::string::npos);
  }

  TEST_CASE("two copies of a sale sent at once go upstream once: the second is answered 94") {
    auto sim = start_sim({"--latency-ms", "300", "--verbose"});
    auto gw = start_gateway(node_with(sim.port, "", ""));
    iso_test_client a{gw.iso_port};
    iso_test_client b{gw.iso_port};
    a.send(make_request("4111111111111111", 100, "000091"));
    b.send(make_request("4111111111111111", 100, "000091"));
    auto codes = std::multiset<std::string>{code_of(a.receive(3s)), code_of(b.receive(3s))};
    CHECK(codes == std::multiset<std::string>{"00", "94"});
    std::regex sale{R"(request 0200 .*11=000091)"};
    auto log = output_after(*sim.process, 300ms);
    auto count
      = std::distance(std::sregex_iterator(log.begin(), log.end(), sale), std::sregex_iterator());
    CHECK(count == 1);
    auto stats = shell(gw, {"stats"});
    INFO(stats);
    CHECK(stats_row(stats, "visa").at(11) == "1"); // DUPLICATE
  }

  TEST_CASE("an approval that reaches no acquirer (it hung up) is reversed") {
    auto sim = start_sim({"--latency-ms", "800", "--verbose"});
    auto gw = start_gateway(node_with(sim.port, "", ""));
    {
      iso_test_client client{gw.iso_port};
      client.send(make_request("4111111111111111", 100, "000101"));
      REQUIRE(sim.process->wait_for_line("request 0200", 2s).has_value());
    } // the acquirer gives up and disconnects before the approval comes
    auto advice = sim.process->wait_for_line("request 0420", 4s);
    REQUIRE(advice.has_value());
    CHECK(advice->find("11=000101") != std::string::npos);
    auto stats = shell_until(
      gw, {"stats"}, [](const std::string& out) { return out.find(" 0/1 ") != std::string::npos; });
    INFO(stats);
    CHECK(stats_row(stats, "visa").at(12) == "1"); // UNDELIVERED
    // The 0430 settling it is no "late or unknown response".
    CHECK(output_after(*gw.process, 100ms).find("late or unknown response") == std::string::npos);
  }

  TEST_CASE("a network of one connection takes traffic as soon as its issuer is back") {
    auto port = unused_port();
    auto toml = node_with(port, "",
                          "pool_size = 1\necho_interval_ms = 600000\n"
                          "[networks.health_check]\nunhealthy_threshold = 1\n");
    auto gw = [&] {
      auto sim = start_sim({}, port);
      auto started = start_gateway(toml);
      REQUIRE(ask(started.iso_port, make_request("4111111111111111", 100, "000111")).first == "00");
      sim.process->signal(SIGKILL);
      sim.process->wait(2s);
      return started;
    }();
    auto health = shell_until(gw, {"health"}, [](const std::string& out) {
      return out.find("unhealthy") != std::string::npos;
    });
    REQUIRE(health.find("unhealthy") != std::string::npos);
    auto back = start_sim({}, port);
    auto restarted = std::chrono::steady_clock::now();
    std::string code;
    for (int i = 0; i < 60 && code != "00"; ++i) {
      std::this_thread::sleep_for(200ms);
      code = ask(gw.iso_port, make_request("4111111111111111", 100, "000112")).first;
    }
    CHECK(code == "00");
    // Reconnecting takes up to the reconnect backoff (5 s at most), not an echo interval.
    CHECK(std::chrono::steady_clock::now() - restarted < 10s);
  }

  TEST_CASE("with the forward journal a sale in flight when the node dies is reversed") {
    state_dir dir;
    auto toml = [&](std::uint16_t port) {
      return node_with(port, state_in(dir), "forward_journal = true\ntimeout_ms = 5000");
    };
    {
      auto slow = start_sim({"--latency-ms", "3000", "--verbose"});
      auto gw = start_gateway(toml(slow.port));
      iso_test_client client{gw.iso_port};
      client.send(make_request("4111111111111111", 100, "000121"));
      REQUIRE(slow.process->wait_for_line("request 0200", 2s).has_value());
      gw.process->signal(SIGKILL); // the acquirer never hears an answer
      gw.process->wait(2s);
    }
    auto issuer = start_sim({"--verbose"});
    auto gw = start_gateway(toml(issuer.port));
    // Never sent before: an 0420, not a repeat.
    auto advice = issuer.process->wait_for_line("request 0420", 5s);
    REQUIRE(advice.has_value());
    CHECK(advice->find("11=000121") != std::string::npos);
    auto stats = shell_until(
      gw, {"stats"}, [](const std::string& out) { return out.find(" 0/1 ") != std::string::npos; });
    INFO(stats);
    CHECK(stats.find(" 0/1 ") != std::string::npos);
  }

  TEST_CASE("the journal's folder is synced after the journal is rewritten at start") {
    state_dir dir;
    auto sim = start_sim({});
    auto trace = dir.path + "/trace";
    auto gw = start_gateway(node_with(sim.port, state_in(dir), ""),
                            {"/usr/bin/strace", "-f", "-qq", "-o", trace, "-e",
                             "trace=openat,rename,renameat,renameat2,fsync,fdatasync"});
    // Stop the node itself (strace's child) so the trace is complete.
    std::ifstream children{"/proc/" + std::to_string(gw.process->pid()) + "/task/"
                           + std::to_string(gw.process->pid()) + "/children"};
    pid_t node = 0;
    children >> node;
    REQUIRE(node > 0);
    ::kill(node, SIGTERM);
    REQUIRE(gw.process->wait(5s).has_value());
    auto text = read_text(trace);
    auto renamed = text.find("reversals-visa.journal.new\", \"" + dir.journal());
    REQUIRE(renamed != std::string::npos);
    std::smatch m;
    auto after = text.substr(renamed);
    REQUIRE(std::regex_search(after, m,
                              std::regex{"openat\\([^\\n]*\"" + dir.path
                                         + "\", O_RDONLY[^\\n]*O_DIRECTORY[^\\n]*\\) = (\\d+)"}));
    CHECK(std::regex_search(after, std::regex{"fsync\\(" + m[1].str() + "\\)"}));
  }

  TEST_CASE("unreadable journal lines are kept apart and the shell shows them") {
    state_dir dir;
    std::ofstream{dir.journal()} << "owe 7 NOT-HEX\nowe 8 0420";
    auto sim = start_sim({});
    auto gw = start_gateway(node_with(sim.port, state_in(dir), ""));
    // The connector opens its journal as it starts: ask until it reports.
    auto quarantined = "2 unreadable journal line(s) quarantined in " + dir.journal();
    auto saf = shell_until(gw, {"saf"}, [&](const std::string& out) {
      return out.find(quarantined) != std::string::npos;
    });
    INFO(saf);
    CHECK(saf.find(quarantined) != std::string::npos);
    auto kept = read_text(dir.journal() + ".quarantine");
    CHECK(kept.find("owe 7 NOT-HEX\n") != std::string::npos);
    CHECK(kept.find("owe 8 0420\n") != std::string::npos);
    auto stats = shell_until(gw, {"stats"}, [](const std::string& out) {
      return has_alarm(out, "2 unreadable journal line(s)");
    });
    CHECK(has_alarm(stats, "2 unreadable journal line(s)"));
  }

  TEST_CASE("a journal sealed with the node's key holds no card number and survives a crash") {
    state_dir dir;
    auto key = dir.path + "/state.key";
    std::ofstream{key} << std::string(64, 'a') << "\n";
    fs::permissions(key, fs::perms::owner_read | fs::perms::owner_write);
    auto node_extra = state_in(dir) + "\nstate_key_file = \"" + key + "\"";
    {
      auto silent = start_sim({"--drop-rate", "1"});
      auto gw = start_gateway(node_with(silent.port, node_extra, "timeout_ms = 200"));
      REQUIRE(ask(gw.iso_port, make_request("4111111111111111", 100, "000131")).first == "68");
      gw.process->signal(SIGKILL);
      gw.process->wait(2s);
    }
    auto journal = read_text(dir.journal());
    CHECK(journal.find("cipher=aes-256-gcm") != std::string::npos);
    CHECK(journal.find("4111111111111111") == std::string::npos);
    CHECK(journal.find("34313131313131313131313131313131") == std::string::npos); // its hex
    auto issuer = start_sim({"--verbose"});
    auto gw = start_gateway(node_with(issuer.port, node_extra, "timeout_ms = 200"));
    auto advice = issuer.process->wait_for_line("request 042", 5s);
    REQUIRE(advice.has_value());
    CHECK(advice->find("11=000131") != std::string::npos);
  }

  TEST_CASE("a node whose state_dir is read-only at start forwards no sale") {
    state_dir dir;
    REQUIRE(run("/usr/bin/chattr", {"+i", dir.path}).exit_code == 0);
    auto sim = start_sim({"--verbose"});
    // The configuration is refused before anything starts: one line naming the key, the
    // path and the reason, and exit 1. The network never sees a request.
    temp_config cfg{node_with(sim.port, state_in(dir), "")};
    auto r = run(bin_path("switchyard"), {"--config", cfg.path()}, 10s);
    CHECK(r.exit_code == 1);
    CHECK(
      r.output.find("node.state_dir: expected a folder the node can write reversal journals to ("
                    + dir.path + ": Operation not permitted)")
      != std::string::npos);
    CHECK(output_after(*sim.process, 300ms).find("request 0200") == std::string::npos);
  }
}
