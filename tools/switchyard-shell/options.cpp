#include "tools/switchyard-shell/options.hpp"

#include "tools/common/cli_parse.hpp"
#include "tools/common/command_line.hpp"
#include "tools/switchyard-shell/commands.hpp"

#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

namespace switchyard::shell {

namespace {

using option = tools::option_spec<options>;

std::optional<long> parse_timeout(std::string_view text) {
  auto seconds = tools::parse_number<long>(text);
  return seconds && *seconds >= 1 && *seconds <= 3600 ? seconds : std::nullopt;
}

// --tls-ca, --tls-cert and --tls-key: one of the three files of a TLS link.
std::function<bool(options&, std::string_view)> tls_file(std::string tls_files::*file) {
  return [file](options& o, std::string_view v) {
    if (!o.tls)
      o.tls.emplace();
    (*o.tls).*file = v;
    return !v.empty();
  };
}

const std::vector<option>& option_table() {
  static const std::vector<option> table{
    {{"--connect", "HOST:PORT",
      "the node's cluster port (its log says \"admin on HOST:PORT\");\n"
      "--connect=HOST:PORT works too",
      "none: required"},
     [](auto& o, auto v) {
       return (o.target = parse_endpoint(std::string{v})).has_value();
     }},
    {{"--timeout", "S", "wait at most S seconds (1..3600) for the connection and for each reply",
      "5"},
     [](auto& o, auto v) {
       auto seconds = parse_timeout(v);
       if (seconds)
         o.timeout_s = *seconds;
       return seconds.has_value();
     }},
    {{"--json", "",
      "print each reply as one line of JSON whose field names are those of the\n"
      "admin messages (actors/messages.hpp)",
      ""},
     [](auto& o, auto) {
       return o.json = true;
     }},
    {{"--tls-ca", "FILE",
      "the cluster's CA (PEM), for a node with [cluster.tls]; goes with --tls-cert\n"
      "and --tls-key",
      "none: plain link"},
     tls_file(&tls_files::ca)},
    {{"--tls-cert", "FILE", "the shell's certificate (PEM), signed by the cluster's CA", "none"},
     tls_file(&tls_files::cert)},
    {{"--tls-key", "FILE", "the private key (PEM) of --tls-cert", "none"},
     tls_file(&tls_files::key)},
    {{"-c", "COMMAND", "run COMMAND (one string: \"restart connectors/visa\") and exit",
      "none: the command is the words after the options, or the prompt"},
     [](auto& o, auto v) {
       o.one_shot = true;
       auto words = split_words(std::string{v});
       o.command.insert(o.command.end(), words.begin(), words.end());
       return true;
     }},
  };
  return table;
}

} // namespace

void fail(const std::string& why) {
  std::cerr << "switchyard-shell: " << why << "\n";
}

std::optional<endpoint> parse_endpoint(const std::string& text) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0)
    return std::nullopt;
  try {
    std::size_t used = 0;
    auto port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port == 0 || port > 65535)
      return std::nullopt;
    return endpoint{text.substr(0, colon), static_cast<std::uint16_t>(port)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in{line};
  for (std::string word; in >> word;)
    words.push_back(word);
  return words;
}

std::optional<options> parse_options(int argc, char** argv) {
  options opts;
  // After the command's name, options the shell does not know are the command's own
  // (add-network FILE --node NAME).
  const tools::operand_rule<options> command_words{[](options& o, std::string_view word) {
                                                     o.one_shot = true;
                                                     o.command.emplace_back(word);
                                                     return true;
                                                   },
                                                   true};
  const auto outcome = tools::apply_options(std::vector<std::string>(argv + 1, argv + argc),
                                            option_table(), opts, command_words);
  if (outcome.help) {
    opts.command = {"help"};
    return opts;
  }
  if (!outcome.error.empty()) {
    fail(outcome.error);
    std::cerr << tools::render_usage(shell_manual());
    return std::nullopt;
  }
  if (opts.tls && (opts.tls->ca.empty() || opts.tls->cert.empty() || opts.tls->key.empty())) {
    fail("--tls-ca, --tls-cert and --tls-key go together: the cluster's CA, and a certificate "
         "and key it signed");
    return std::nullopt;
  }
  if (opts.tls)
    for (const auto* file : {&opts.tls->ca, &opts.tls->cert, &opts.tls->key})
      if (std::ifstream probe{*file}; !probe) {
        fail("cannot read " + *file);
        return std::nullopt;
      }
  return opts;
}

const tools::manual& shell_manual() {
  // The table's lines less the two spaces the prompt's help indents them by.
  static const std::string commands = [] {
    std::string text{"\n"};
    text.append(commands_text());
    for (auto at = text.find("\n  "); at != std::string::npos; at = text.find("\n  ", at + 1))
      text.erase(at + 1, 2);
    return text.substr(1);
  }();
  static const tools::manual page{
    .name = "switchyard-shell",
    .summary = "send admin commands to a running switchyard node",
    .synopsis = "switchyard-shell --connect HOST:PORT [OPTION]... COMMAND [ARGUMENT]...\n"
                "switchyard-shell --connect HOST:PORT [OPTION]... -c \"COMMAND [ARGUMENT]...\"\n"
                "switchyard-shell --connect HOST:PORT [OPTION]...",
    .description
    = "Talks to a node over its cluster port (CAF's middleman, TLS when the cluster is):\n"
      "runs one COMMAND and exits, or without one prompts for commands with line editing,\n"
      "history in ~/.switchyard_history and Tab completion of commands, network names and\n"
      "actor paths; exit, quit or Ctrl-D leave. The shell's options may come before or after\n"
      "the command; options the shell does not know that follow the command's name are the\n"
      "command's own (add-network FILE --node NAME).",
    .options = tools::docs_of(option_table()),
    .extra = {{"COMMANDS", commands}},
    .exit_status
    = "0  done (help, --help)\n"
      "1  the node could not be reached, did not answer in time, or the command failed\n"
      "2  usage error: an unknown option or command, wrong arguments, no --connect",
    .files = "~/.switchyard_history  the prompt's history\n"
             "--tls-ca, --tls-cert, --tls-key FILE  read when connecting",
    .signals = "SIGINT (Ctrl-C)  ends the watch command (the shell goes on)",
    .examples
    = "switchyard-shell --connect 127.0.0.1:4242 status\n"
      "switchyard-shell --connect 127.0.0.1:4242 --json stats\n"
      "switchyard-shell --connect=127.0.0.1:4242 -c \"restart connectors/visa\"\n"
      "switchyard-shell --connect 127.0.0.1:4242 --tls-ca ca.pem --tls-cert shell.pem \\\n"
      "  --tls-key shell.key",
  };
  return page;
}

} // namespace switchyard::shell
