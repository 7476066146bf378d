#pragma once

// A terminal for tests that use a program as a person would: a detached tmux session on a
// private server socket, keys sent to it and the screen read back.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace switchyard::testing {

/// One detached tmux session running a shell command; its tmux server is killed with it.
class tmux_session {
public:
  /// Starts `command` (run by sh) in a `width` x `height` pane on a server of its own.
  explicit tmux_session(const std::string& command, int width = 220, int height = 60);

  ~tmux_session();

  tmux_session(const tmux_session&) = delete;
  tmux_session& operator=(const tmux_session&) = delete;

  /// Types `text` literally.
  void type(const std::string& text);

  /// Sends tmux key names ("Enter", "Tab", "Up", "C-d").
  void keys(const std::vector<std::string>& names);

  /// Returns the pane's text, wrapped lines joined, scrollback included.
  std::string screen();

  /// Reads the screen every 50 ms until `done(screen)` holds or `timeout` passes; returns the
  /// last screen.
  std::string wait_for(const std::function<bool(const std::string&)>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
  std::vector<std::string> tmux(const std::vector<std::string>& args) const;

  std::string socket_;
  std::string socket_path_;
};

/// Returns how often `needle` occurs in `text`.
int occurrences(const std::string& text, const std::string& needle);

} // namespace switchyard::testing
