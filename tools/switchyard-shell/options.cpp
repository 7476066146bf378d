#include "tools/switchyard-shell/options.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

namespace switchyard::shell {

namespace {

// Reads a value given as "--name VALUE" or "--name=VALUE"; advances `i` past it.
std::optional<std::string> option_value(int argc, char** argv, int& i, std::string_view name) {
  std::string_view arg = argv[i];
  if (arg == name) {
    if (i + 1 >= argc)
      return std::nullopt;
    return std::string{argv[++i]};
  }
  return std::string{arg.substr(name.size() + 1)};
}

bool is_option(std::string_view arg, std::string_view name) {
  return arg == name
         || (arg.size() > name.size() && arg.starts_with(name) && arg[name.size()] == '=');
}

std::optional<long> parse_timeout(const std::optional<std::string>& value) {
  char* end = nullptr;
  long seconds = value ? std::strtol(value->c_str(), &end, 10) : 0;
  if (!value || value->empty() || *end != '\0' || seconds < 1 || seconds > 3600)
    return std::nullopt;
  return seconds;
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
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      opts.command = {"help"};
      return opts;
    }
    if (is_option(arg, "--connect")) {
      auto value = option_value(argc, argv, i, "--connect");
      opts.target = value ? parse_endpoint(*value) : std::nullopt;
      if (!opts.target) {
        fail("--connect expects HOST:PORT, got '" + value.value_or("") + "'");
        return std::nullopt;
      }
    } else if (is_option(arg, "--timeout")) {
      auto value = option_value(argc, argv, i, "--timeout");
      auto seconds = parse_timeout(value);
      if (!seconds) {
        fail("--timeout expects whole seconds in 1..3600, got '" + value.value_or("") + "'");
        return std::nullopt;
      }
      opts.timeout_s = *seconds;
    } else if (is_option(arg, "--tls-ca") || is_option(arg, "--tls-cert")
               || is_option(arg, "--tls-key")) {
      auto name = std::string{arg.substr(0, arg.find('='))};
      auto value = option_value(argc, argv, i, name);
      if (!value || value->empty()) {
        fail(name + " expects a file");
        return std::nullopt;
      }
      if (!opts.tls)
        opts.tls.emplace();
      auto& slot = name == "--tls-ca"     ? opts.tls->ca
                   : name == "--tls-cert" ? opts.tls->cert
                                          : opts.tls->key;
      slot = *value;
    } else if (arg == "--json") {
      opts.json = true;
    } else if (arg == "-c") {
      if (i + 1 >= argc) {
        fail("-c expects a command, e.g. -c \"stats\"");
        return std::nullopt;
      }
      opts.one_shot = true;
      auto words = split_words(argv[++i]);
      opts.command.insert(opts.command.end(), words.begin(), words.end());
    } else if ((arg.starts_with("--") || (arg.starts_with("-") && arg != "-"))
               && opts.command.empty()) {
      // After the command's name, options the shell does not know are the command's own
      // (add-network FILE --node NAME).
      fail("unknown option " + std::string{arg});
      return std::nullopt;
    } else {
      opts.one_shot = true;
      opts.command.emplace_back(arg);
    }
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

} // namespace switchyard::shell
