// switchyard-shell's prompt used as a person uses it: in a terminal (tmux), keys typed, the
// screen read back.

#include "tests/integration/gateway_fixture.hpp"
#include "tests/integration/tmux_session.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace switchyard::testing;
using namespace std::chrono_literals;

namespace {

constexpr const char* prompt = "switchyard e2e> ";

// A HOME of its own, so the shell's history file is the test's and is removed after it.
struct temp_home {
  std::filesystem::path path;

  temp_home() {
    static int counter = 0;
    path
      = std::filesystem::temp_directory_path()
        / ("switchyard-shell-home-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    std::filesystem::create_directories(path);
  }

  ~temp_home() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }

  std::filesystem::path history() const { return path / ".switchyard_history"; }
};

// The shell at `admin` as the pane's program; its exit code is printed when it ends.
std::string shell_in_terminal(const std::string& admin, const temp_home& home) {
  return "env HOME=" + home.path.string() + " " + bin_path("switchyard-shell") + " --connect "
         + admin + "; echo \"shell exited $?\"; sleep 60";
}

std::string two_networks() {
  return iso_network("visa", unused_port(), "rules = [{ bin_range = \"400000-499999\" }]")
         + iso_network("mastercard", unused_port(), "rules = [{ bin_range = \"510000-559999\" }]");
}

bool has(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

// Waits for the `n`th prompt, i.e. until the shell is ready for another line.
std::string await_prompt(tmux_session& term, int n) {
  return term.wait_for([n](const std::string& s) { return occurrences(s, prompt) >= n; });
}

// Entries of a libedit history file (its first line is the format's cookie).
std::vector<std::string> history_entries(const std::filesystem::path& file) {
  std::ifstream in{file};
  std::vector<std::string> entries;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line))
    entries.push_back(line);
  return entries;
}

} // namespace

TEST_SUITE("switchyard-shell interactive") {
  TEST_CASE("the prompt names the node, a typed command prints the one-shot table, errors keep "
            "the prompt and Ctrl-D leaves with 0") {
    auto gw = start_gateway(iso_node() + two_networks());
    temp_home home;
    tmux_session term{shell_in_terminal(gw.admin, home)};
    auto screen = await_prompt(term, 1);
    INFO(screen);
    REQUIRE(has(screen, prompt));

    term.type("networks");
    term.keys({"Enter"});
    screen = await_prompt(term, 2);
    INFO(screen);
    auto one_shot = shell(gw, {"networks"});
    CHECK(has(screen, one_shot.substr(0, one_shot.find('\n'))));
    CHECK(table_row(screen, {"visa", "iso8583", "up"}).size() >= 3);
    CHECK(table_row(screen, {"mastercard", "iso8583", "up"}).size() >= 3);

    term.type("bogus");
    term.keys({"Enter"});
    screen = await_prompt(term, 3);
    CHECK(has(screen, "unknown command or wrong arguments: bogus"));
    term.type("restart nowhere");
    term.keys({"Enter"});
    screen = await_prompt(term, 4);
    CHECK(has(screen, "no actor at 'node/nowhere'"));

    term.keys({"C-d"});
    screen = term.wait_for([](const std::string& s) { return has(s, "shell exited"); });
    CHECK(has(screen, "shell exited 0"));
  }

  TEST_CASE("Tab completes command names and restart paths from the node's networks") {
    auto gw = start_gateway(iso_node() + two_networks());
    temp_home home;
    tmux_session term{shell_in_terminal(gw.admin, home)};
    await_prompt(term, 1);

    term.type("lis");
    term.keys({"Tab"});
    auto screen
      = term.wait_for([](const std::string& s) { return has(s, "switchyard e2e> listeners"); });
    INFO(screen);
    REQUIRE(has(screen, "switchyard e2e> listeners"));
    term.keys({"Enter"});
    screen = await_prompt(term, 2);
    CHECK(has(screen, "LISTENER"));
    CHECK(table_row(screen, {"iso8583-0", "127.0.0.1:" + std::to_string(gw.iso_port)}).size() > 2);

    term.type("restart connectors/vi");
    term.keys({"Tab"});
    screen = term.wait_for([](const std::string& s) { return has(s, "restart connectors/visa"); });
    REQUIRE(has(screen, "switchyard e2e> restart connectors/visa"));
    term.keys({"Enter"});
    screen = await_prompt(term, 3);
    CHECK(has(screen, "killed node/connectors/visa"));

    term.type("restart connectors/m");
    term.keys({"Tab"});
    screen = term.wait_for([](const std::string& s) { return has(s, "connectors/mastercard"); });
    CHECK(has(screen, "switchyard e2e> restart connectors/mastercard"));
    term.keys({"C-u"});
    term.type("exit");
    term.keys({"Enter"});
    screen = term.wait_for([](const std::string& s) { return has(s, "shell exited"); });
    CHECK(has(screen, "shell exited 0"));
    CHECK(occurrences(screen, "killed node/connectors/") == 1);
  }

  TEST_CASE("Up repeats the last command, and history outlives the shell and stays bounded") {
    auto gw = start_gateway(iso_node() + two_networks());
    temp_home home;
    {
      // An old history, longer than the shell keeps: the oldest entries must go.
      std::ofstream seed{home.history()};
      seed << "_HiStOrY_V2_\n";
      for (int i = 0; i < 1500; ++i)
        seed << "seed-" << i << "\n";
    }
    {
      tmux_session term{shell_in_terminal(gw.admin, home)};
      await_prompt(term, 1);
      term.type("health");
      term.keys({"Enter"});
      auto screen = await_prompt(term, 2);
      INFO(screen);
      REQUIRE(occurrences(screen, "LAST FAILURE") == 1);
      term.keys({"Up"});
      term.keys({"Enter"});
      screen = await_prompt(term, 3);
      CHECK(occurrences(screen, "switchyard e2e> health") == 2);
      CHECK(occurrences(screen, "LAST FAILURE") == 2);
      term.keys({"C-d"});
      screen = term.wait_for([](const std::string& s) { return has(s, "shell exited"); });
      CHECK(has(screen, "shell exited 0"));
    }
    auto entries = history_entries(home.history());
    CHECK(entries.size() <= 1000);
    CHECK(entries.size() >= 900);
    REQUIRE_FALSE(entries.empty());
    CHECK(entries.back() == "health");
    CHECK(std::find(entries.begin(), entries.end(), "seed-1499") != entries.end());
    CHECK(std::find(entries.begin(), entries.end(), "seed-0") == entries.end());

    tmux_session again{shell_in_terminal(gw.admin, home)};
    await_prompt(again, 1);
    again.keys({"Up"});
    again.keys({"Enter"});
    auto screen = await_prompt(again, 2);
    INFO(screen);
    CHECK(has(screen, "switchyard e2e> health"));
    CHECK(occurrences(screen, "LAST FAILURE") == 1);
  }

  TEST_CASE("a node that goes away is named by the next command and the shell reconnects when "
            "it is back") {
    // A fixed cluster port, so that the restarted node is found where the shell looks.
    auto toml = iso_node() + two_networks();
    auto at = toml.find("cluster_port = 0");
    REQUIRE(at != std::string::npos);
    toml.replace(at, 16, "cluster_port = " + std::to_string(unused_port()));
    auto gw = start_gateway(toml);
    temp_home home;
    tmux_session term{shell_in_terminal(gw.admin, home)};
    await_prompt(term, 1);

    gw.process->signal(SIGKILL);
    gw.process->wait(5s);
    // The shell hears of the lost link within ~100 ms (its down message); a person takes
    // longer than that to type the next command.
    std::this_thread::sleep_for(500ms);
    term.type("status");
    term.keys({"Enter"});
    auto screen = await_prompt(term, 2);
    INFO(screen);
    CHECK(has(screen, "the node at " + gw.admin + " went away and reconnecting failed"));

    auto back = start_gateway(toml);
    REQUIRE(back.admin == gw.admin);
    // CAF's first connect to a restarted peer may fail (caf-0.17 guide, section 10): a person
    // would type the command again.
    int prompts = 2;
    for (int attempt = 0; attempt < 10 && !has(screen, "reconnected"); ++attempt) {
      term.type("status");
      term.keys({"Enter"});
      screen = await_prompt(term, ++prompts);
    }
    CHECK(has(screen, "the node at " + gw.admin + " went away; reconnected"));
    auto reconnected = screen.rfind("reconnected");
    CHECK((reconnected != std::string::npos
           && has(screen.substr(reconnected), "node e2e (switchyard")));
    term.keys({"C-d"});
    screen = term.wait_for([](const std::string& s) { return has(s, "shell exited"); });
    CHECK(has(screen, "shell exited 0"));
  }
}
