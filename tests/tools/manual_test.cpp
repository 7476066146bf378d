// Every program and script under tools/ answers --help with a manual page (NAME, SYNOPSIS,
// DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES) on standard output and exit 0, documents every
// option its own source accepts with its argument and default, and answers an unknown option
// with exit 2 and a short usage on standard error naming the option.

#include "tests/integration/child_process.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

using namespace switchyard::testing;
namespace fs = std::filesystem;

namespace {

const fs::path source_dir{SWITCHYARD_SOURCE_DIR};

// A program to check: how it is run, and the files that hold its option table.
struct tool {
  std::string name;
  std::string path;
  std::vector<fs::path> option_sources;
  bool is_script = false;
  bool takes_unknown_options = false; ///< tools/test hands every argument to ctest
};

std::vector<tool> programs() {
  const std::string bin = SWITCHYARD_BIN_DIR;
  const auto src = source_dir / "tools";
  return {
    {"switchyard", bin + "/switchyard", {src / "switchyard/main.cpp"}},
    {"switchyard-shell", bin + "/switchyard-shell", {src / "switchyard-shell/options.cpp"}},
    {"sim-iso8583", bin + "/sim-iso8583", {src / "sim-iso8583/sim_settings.cpp"}},
    {"sim-jsonrpc", bin + "/sim-jsonrpc", {src / "sim-jsonrpc/provider_settings.cpp"}},
    {"loadgen-iso8583", bin + "/loadgen-iso8583", {src / "loadgen-iso8583/loadgen_settings.cpp"}},
    {"chaos-ledger-check", bin + "/chaos-ledger-check", {src / "chaos-ledger/main.cpp"}},
  };
}

// Every executable script directly under tools/ (tools/lib holds sourced helpers).
std::vector<tool> scripts() {
  std::vector<tool> found;
  for (const auto& entry : fs::directory_iterator{source_dir / "tools"}) {
    if (!entry.is_regular_file() || access(entry.path().c_str(), X_OK) != 0)
      continue;
    std::ifstream in{entry.path()};
    std::string first_line;
    std::getline(in, first_line);
    if (!first_line.starts_with("#!"))
      continue;
    const auto name = "tools/" + entry.path().filename().string();
    found.push_back({name, entry.path().string(), {entry.path()}, true, name == "tools/test"});
  }
  return found;
}

std::string read_file(const fs::path& file) {
  std::ifstream in{file};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The options a program's source accepts: C++ string literals that are an option name and
// nothing else ("--listen", "-c"), and the patterns of a script's case arms (--turns|-t).
std::set<std::string> options_in_source(const fs::path& file) {
  const auto text = read_file(file);
  std::set<std::string> names;
  const bool is_cpp = file.extension() == ".cpp";
  static const std::regex literal{R"re("(--?[a-z][a-z0-9-]*)")re"};
  static const std::regex case_arm{R"((?:^|\n)[ \t]*((?:--?[a-z0-9-]+\|?)+)\))"};
  const auto& pattern = is_cpp ? literal : case_arm;
  for (std::sregex_iterator it{text.begin(), text.end(), pattern}, end; it != end; ++it) {
    std::stringstream alternatives{(*it)[1].str()};
    for (std::string name; std::getline(alternatives, name, '|');)
      if (name != "-h") // documented with --help
        names.insert(name);
  }
  return names;
}

// Runs `program` with `args` through sh, keeping standard output only or standard error only.
run_result run_keeping(bool keep_stdout, const std::string& program,
                       const std::vector<std::string>& args) {
  std::vector<std::string> sh_args{
    "-c", keep_stdout ? R"(exec "$0" "$@" 2>/dev/null)" : R"(exec "$0" "$@" 2>&1 >/dev/null)",
    program};
  sh_args.insert(sh_args.end(), args.begin(), args.end());
  return run("/bin/sh", sh_args, std::chrono::seconds{20});
}

// Splits a manual into its sections: a title is a line at column 0, its body what follows.
std::map<std::string, std::string> sections_of(const std::string& manual) {
  std::map<std::string, std::string> sections;
  std::istringstream lines{manual};
  std::string title;
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.front() != ' ')
      title = line;
    else if (!title.empty())
      sections[title].append(line).push_back('\n');
  }
  return sections;
}

// One entry of OPTIONS: "    --name ARG" and its text lines (indented deeper).
struct option_entry {
  std::string argument;
  std::string text;
};

std::map<std::string, option_entry> entries_of(const std::string& options) {
  std::map<std::string, option_entry> entries;
  std::istringstream lines{options};
  option_entry* current = nullptr;
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("    ") && line.size() > 4 && line[4] != ' ') {
      const auto head = line.substr(4);
      const auto space = head.find(' ');
      auto& entry = entries[head.substr(0, space)];
      entry.argument = space == std::string::npos ? "" : head.substr(space + 1);
      current = &entry;
    } else if (current != nullptr) {
      current->text.append(line).push_back('\n');
    }
  }
  return entries;
}

void check_manual(const tool& t) {
  CAPTURE(t.name);
  // A script that does not know --help might start building or benchmarking: not run.
  if (t.is_script && read_file(t.path).find("--help)") == std::string::npos) {
    FAIL_CHECK(t.name << " does not handle --help (source tools/lib/manual.sh, define manual())");
    return;
  }
  const auto help = run_keeping(true, t.path, {"--help"});
  INFO("--help printed:\n" << help.output);
  REQUIRE(help.exit_code == 0);
  const auto sections = sections_of(help.output);
  for (const std::string title :
       {"NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "EXAMPLES"}) {
    CAPTURE(title);
    CHECK(sections.contains(title));
  }
  if (sections.contains("NAME"))
    CHECK(sections.at("NAME").starts_with("    " + t.name + " - "));
  const auto entries = entries_of(sections.contains("OPTIONS") ? sections.at("OPTIONS") : "");
  CHECK(entries.contains("--help"));
  for (const auto& file : t.option_sources)
    for (const auto& name : options_in_source(file)) {
      CAPTURE(name);
      CHECK_MESSAGE(entries.contains(name), "accepted by " << file << " but not in OPTIONS");
    }
  for (const auto& [name, entry] : entries) {
    CAPTURE(name);
    CHECK(!entry.text.empty());
    if (!entry.argument.empty())
      CHECK_MESSAGE(entry.text.find("default: ") != std::string::npos,
                    "an option with an argument states its default");
  }
}

void check_bad_option(const tool& t) {
  CAPTURE(t.name);
  // A script without --help is reported by the manual cases and not run: it might start work.
  if (t.takes_unknown_options
      || (t.is_script && read_file(t.path).find("--help)") == std::string::npos))
    return;
  const auto err = run_keeping(false, t.path, {"--no-such-option"});
  INFO("standard error:\n" << err.output);
  CHECK(err.exit_code == 2);
  CHECK(err.output.find("--no-such-option") != std::string::npos);
  CHECK(err.output.find("usage: ") != std::string::npos);
  CHECK(err.output.find("--help") != std::string::npos);
  const auto out = run_keeping(true, t.path, {"--no-such-option"});
  CHECK(out.output.empty());
}

} // namespace

TEST_SUITE("manual pages") {
  TEST_CASE("every program prints its manual with every option it accepts") {
    for (const auto& t : programs())
      check_manual(t);
  }

  TEST_CASE("every script under tools prints its manual with every option it accepts") {
    const auto all = scripts();
    CHECK(all.size() >= 8);
    for (const auto& t : all)
      check_manual(t);
  }

  TEST_CASE("an unknown option is a usage error naming it, with exit status 2") {
    for (const auto& t : programs())
      check_bad_option(t);
    for (const auto& t : scripts())
      check_bad_option(t);
  }

  TEST_CASE("the shell's manual lists its commands") {
    const auto help = run_keeping(true, SWITCHYARD_BIN_DIR "/switchyard-shell", {"--help"});
    const auto sections = sections_of(help.output);
    REQUIRE(sections.contains("COMMANDS"));
    for (const char* command : {"status", "networks", "restart PATH", "route-test REQUEST",
                                "add-network FILE", "reload-bins"}) {
      CAPTURE(command);
      CHECK(sections.at("COMMANDS").find(command) != std::string::npos);
    }
  }

  TEST_CASE("the node's manual names its files and signals") {
    const auto help = run_keeping(true, SWITCHYARD_BIN_DIR "/switchyard", {"--help"});
    const auto sections = sections_of(help.output);
    REQUIRE(sections.contains("FILES"));
    REQUIRE(sections.contains("SIGNALS"));
    CHECK(sections.at("FILES").find("state_dir") != std::string::npos);
    CHECK(sections.at("SIGNALS").find("SIGHUP") != std::string::npos);
    CHECK(sections.at("SIGNALS").find("SIGTERM") != std::string::npos);
    CHECK(sections.at("SYNOPSIS").find("check-config FILE...") != std::string::npos);
  }
}
