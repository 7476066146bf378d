#pragma once

// The shell's command line: where the node is, how long to wait, how to print, what to run.

#include "tools/common/manual.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::shell {

/// A node's cluster port as HOST:PORT.
struct endpoint {
  std::string host;
  std::uint16_t port = 0;

  /// Returns "HOST:PORT".
  std::string text() const { return host + ":" + std::to_string(port); }
};

/// The files a shell presents to a node whose cluster links are TLS ([cluster.tls]).
struct tls_files {
  std::string ca;   ///< the cluster's CA: the node's certificate must chain to it
  std::string cert; ///< the shell's certificate, signed by that CA
  std::string key;
};

/// What the command line asked for; no command with a target means interactive mode.
struct options {
  std::optional<endpoint> target;
  std::optional<tls_files> tls;
  long timeout_s = 5;
  bool json = false;
  bool one_shot = false; ///< -c or trailing words were given (even if -c "" named nothing)
  std::vector<std::string> command;
};

/// Parses "HOST:PORT"; nullopt when it is not one.
std::optional<endpoint> parse_endpoint(const std::string& text);

/// Splits a command line typed by a person (or given to -c) into words.
std::vector<std::string> split_words(const std::string& line);

/// Parses argv; nullopt (after saying why, and the usage, on stderr) when it is wrong.
std::optional<options> parse_options(int argc, char** argv);

/// The manual --help and the help command print: every option and every command.
const tools::manual& shell_manual();

/// Prints "switchyard-shell: WHY" on stderr.
void fail(const std::string& why);

} // namespace switchyard::shell
