#include "tools/switchyard-shell/interactive.hpp"

#include "tools/switchyard-shell/commands.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <set>

// libedit's readline emulation; see tools/CMakeLists.txt for why libedit.
#include <editline/readline.h>

namespace switchyard::shell {

namespace {

// Enough for weeks of operator sessions, small enough to rewrite after every line.
constexpr int history_entries = 1000;

// libedit's completion hooks are plain C functions without a user pointer.
completion_words* known_words = nullptr;

std::string history_file() {
  const char* home = std::getenv("HOME");
  return home == nullptr || *home == '\0' ? std::string{}
                                          : std::string{home} + "/.switchyard_history";
}

// Fetches what the prompt and Tab need; keeps the previous words when the node does not answer.
void refresh(node_link& link, completion_words& known, std::string& node_name) {
  if (auto status = link.ask<node_status>(node_status_atom_v)) {
    node_name = status->node;
    known.actor_paths.clear();
    for (const auto& actor : status->actors) {
      auto slash = actor.path.find('/');
      if (slash != std::string::npos)
        known.actor_paths.push_back(actor.path.substr(slash + 1));
    }
  }
  if (auto networks = link.ask<std::vector<network_status>>(networks_atom_v)) {
    known.networks.clear();
    for (const auto& network : *networks)
      known.networks.push_back(network.name);
  }
}

char* next_match(const char* text, int state) {
  static std::vector<std::string> matches;
  static std::size_t next = 0;
  if (state == 0) {
    std::string line{rl_line_buffer};
    auto start = line.size() - std::strlen(text);
    matches = complete(*known_words, split_words(line.substr(0, start)), text);
    next = 0;
  }
  if (next >= matches.size())
    return nullptr;
  return strdup(matches[next++].c_str());
}

char** on_tab(const char* text, int, int) {
  // Without this, libedit falls back to completing file names.
  rl_attempted_completion_over = 1;
  return rl_completion_matches(text, next_match);
}

void print_help() {
  std::cout << "commands:\n"
            << commands_text() << "  exit, quit       leave the shell (Ctrl-D does too)\n";
}

// Runs one line; returns false when it asks to leave.
bool run_line(node_link& link, const options& opts, const std::vector<std::string>& words) {
  if (words.size() == 1 && (words[0] == "exit" || words[0] == "quit"))
    return false;
  if (words.size() == 1 && words[0] == "help")
    print_help();
  else if (run_command(link, opts, words) == 2)
    std::cerr << "(help lists the commands)\n";
  return true;
}

// Piped input (a script, a here-document): lines are read plainly, with no prompt or history.
int run_piped(node_link& link, const options& opts) {
  for (std::string line; std::getline(std::cin, line);) {
    auto words = split_words(line);
    if (!words.empty() && !run_line(link, opts, words))
      break;
    std::cout.flush();
  }
  return 0;
}

// Sets up libedit: Tab calls on_tab, history is bounded and loaded; returns the history file
// ("" without HOME).
std::string start_line_editing() {
  rl_readline_name = "switchyard";
  rl_attempted_completion_function = on_tab;
  rl_initialize();
  stifle_history(history_entries);
  auto history = history_file();
  if (!history.empty())
    read_history(history.c_str());
  return history;
}

// Reads one line at `prompt`; nullopt at end of input (Ctrl-D).
std::optional<std::string> read_line(const std::string& prompt) {
  std::cout.flush();
  char* raw = readline(prompt.c_str());
  if (raw == nullptr) {
    std::cout << "\n";
    return std::nullopt;
  }
  std::string line{raw};
  std::free(raw);
  // Completion appends a space; kept, it would make history entries differ from typed ones.
  line.erase(line.find_last_not_of(" \t") + 1);
  return line;
}

// Adds `line` to the history and saves it at once, so a shell that is killed (a closed
// terminal, SIGHUP) loses nothing.
void remember(const std::string& line, const std::string& history) {
  add_history(line.c_str());
  if (!history.empty())
    write_history(history.c_str());
}

} // namespace

std::vector<std::string> complete(const completion_words& known,
                                  const std::vector<std::string>& before, const std::string& word) {
  std::set<std::string> candidates;
  if (before.empty()) {
    auto names = command_names();
    candidates.insert(names.begin(), names.end());
    candidates.insert({"exit", "quit"});
  } else if (before.size() == 1 && argument_of(before[0]) == argument_kind::actor_path) {
    candidates.insert(known.actor_paths.begin(), known.actor_paths.end());
    // A network's connector may be restarting and missing from status: its path still works.
    for (const auto& network : known.networks)
      candidates.insert("connectors/" + network);
  } else if (before.size() == 1 && argument_of(before[0]) == argument_kind::network) {
    candidates.insert(known.networks.begin(), known.networks.end());
  }
  std::vector<std::string> matches;
  for (const auto& c : candidates)
    if (c.starts_with(word))
      matches.push_back(c);
  return matches;
}

int run_interactive(node_link& link, const options& opts) {
  if (auto why = link.ensure()) {
    fail(*why);
    return 1;
  }
  if (isatty(STDIN_FILENO) == 0)
    return run_piped(link, opts);
  completion_words known;
  std::string node_name = link.where();
  refresh(link, known, node_name);
  known_words = &known;
  auto history = start_line_editing();
  while (auto line = read_line("switchyard " + node_name + "> ")) {
    auto words = split_words(*line);
    if (words.empty())
      continue;
    remember(*line, history);
    if (!run_line(link, opts, words))
      break;
    if (link.is_up())
      refresh(link, known, node_name);
  }
  known_words = nullptr;
  return 0;
}

} // namespace switchyard::shell
