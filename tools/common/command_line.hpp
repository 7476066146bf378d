#pragma once

// One option table per program: each row documents an option (tools/common/manual.hpp) and
// says how it changes the program's settings, so that parsing and --help cannot drift apart.

#include "tools/common/manual.hpp"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::tools {

/// One option a program accepts: its manual entry and how it changes `Settings`.
template <class Settings>
struct option_spec {
  option_doc doc; ///< name, argument, text, default
  std::function<bool(Settings&, std::string_view)>
    set; ///< false: the value is invalid; flags get ""
};

/// How reading a command line ended: asked for help, or an error ("" = none).
struct options_outcome {
  bool help = false;
  std::string error;
};

/// What a program does with words that are not options; without `take` they are errors.
template <class Settings>
struct operand_rule {
  std::function<bool(Settings&, std::string_view)> take; ///< false: the word is refused
  /// After the first operand, words that look like options but name none of the program's
  /// are operands too (the options of a command: `add-network FILE --node NAME`).
  bool unknown_options_after_first = false;
};

/// Returns the manual entries of `options`, in order, followed by --help.
template <class Settings>
std::vector<option_doc> docs_of(const std::vector<option_spec<Settings>>& options) {
  std::vector<option_doc> docs;
  for (const auto& option : options)
    docs.push_back(option.doc);
  docs.push_back(help_option);
  return docs;
}

/// Applies `args` to `settings`: "--help"/"-h" asks for help; "--name VALUE" and
/// "--name=VALUE" set an option that takes a value, "--name" a flag; other words go to
/// `operands`. The error names the option or word at fault.
template <class Settings>
options_outcome apply_options(const std::vector<std::string>& args,
                              const std::vector<option_spec<Settings>>& options, Settings& settings,
                              const operand_rule<Settings>& operands = {}) {
  bool had_operand = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h")
      return {true, {}};
    const auto eq = arg.starts_with("--") ? arg.find('=') : std::string_view::npos;
    const auto name = arg.substr(0, eq);
    const option_spec<Settings>* found = nullptr;
    for (const auto& option : options)
      if (option.doc.name == name)
        found = &option;
    const bool looks_like_option = arg.size() > 1 && arg.front() == '-';
    if (found == nullptr) {
      if (looks_like_option && !(had_operand && operands.unknown_options_after_first))
        return {false, "unknown option " + std::string{arg}};
      if (!operands.take)
        return {false, "unexpected argument '" + std::string{arg} + "'"};
      if (!operands.take(settings, arg))
        return {false, "invalid argument '" + std::string{arg} + "'"};
      had_operand = true;
      continue;
    }
    const bool is_flag = found->doc.argument.empty();
    std::string value;
    if (is_flag && eq != std::string_view::npos)
      return {false, "option " + std::string{name} + " takes no value"};
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
    } else if (!is_flag) {
      if (i + 1 >= args.size())
        return {false, "option " + std::string{name} + " needs a value ("
                         + std::string{found->doc.argument} + ")"};
      value = args[++i];
    }
    if (!found->set(settings, value))
      return {false, "invalid value for " + std::string{name} + ": '" + value + "'"};
  }
  return {};
}

} // namespace switchyard::tools
