#include "tests/integration/tmux_session.hpp"

#include "tests/integration/child_process.hpp"

#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <thread>

namespace switchyard::testing {

namespace {

// Runs tmux with `args`; throws when it fails, since every later step would then mislead.
std::string run_tmux(const std::vector<std::string>& args) {
  auto result = run("/usr/bin/env", args, std::chrono::seconds(10));
  if (result.exit_code != 0)
    throw std::runtime_error("tmux failed (" + std::to_string(result.exit_code)
                             + "): " + result.output);
  return result.output;
}

} // namespace

tmux_session::tmux_session(const std::string& command, int width, int height) {
  static int counter = 0;
  socket_ = "switchyard-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
  auto args = tmux(
    {"new-session", "-d", "-x", std::to_string(width), "-y", std::to_string(height), command});
  run_tmux(args);
  socket_path_ = run_tmux(tmux({"display-message", "-p", "#{socket_path}"}));
  socket_path_.erase(socket_path_.find_last_not_of('\n') + 1);
}

tmux_session::~tmux_session() {
  run("/usr/bin/env", tmux({"kill-server"}), std::chrono::seconds(10));
  // The server leaves its socket file behind when killed.
  std::error_code ignored;
  std::filesystem::remove(socket_path_, ignored);
}

// A private socket (-L) keeps tests apart from each other and from a tmux the developer runs;
// -f /dev/null keeps their tmux configuration out; TMUX is unset so that tests started inside
// tmux do not talk to the outer server; a fixed TERM keeps libedit's key bindings the same on
// a developer's terminal and in CI, which has none.
std::vector<std::string> tmux_session::tmux(const std::vector<std::string>& args) const {
  std::vector<std::string> all{"-u", "TMUX",  "TERM=xterm", "tmux",
                               "-L", socket_, "-f",         "/dev/null"};
  all.insert(all.end(), args.begin(), args.end());
  return all;
}

void tmux_session::type(const std::string& text) {
  run_tmux(tmux({"send-keys", "-l", text}));
}

void tmux_session::keys(const std::vector<std::string>& names) {
  auto args = tmux({"send-keys"});
  args.insert(args.end(), names.begin(), names.end());
  run_tmux(args);
}

std::string tmux_session::screen() {
  return run_tmux(tmux({"capture-pane", "-p", "-J", "-S", "-"}));
}

std::string tmux_session::wait_for(const std::function<bool(const std::string&)>& done,
                                   std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto text = screen();
  while (!done(text) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    text = screen();
  }
  return text;
}

int occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++n;
  return n;
}

} // namespace switchyard::testing
