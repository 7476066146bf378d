#pragma once

// What `--help` prints: a program's manual page in the sections of man-pages(7), and the short
// usage printed after a usage error, both from one description of the program.

#include <string>
#include <string_view>
#include <vector>

namespace switchyard::tools {

/// One option as the manual lists it.
struct option_doc {
  std::string_view name;          ///< "--listen", or "-c"
  std::string_view argument;      ///< "ADDR:PORT"; empty when the option is a flag
  std::string_view text;          ///< what it does; lines split at '\n'
  std::string_view default_value; ///< what holds without the option; empty for flags
};

/// A section of the manual beyond the standard ones (COMMANDS).
struct manual_section {
  std::string title; ///< upper case, as man prints it
  std::string text;  ///< lines split at '\n', indented by the renderer
};

/// A program's manual page; empty optional sections (files, signals) are left out.
struct manual {
  std::string_view name;             ///< the program, as typed
  std::string_view summary;          ///< NAME: "name - summary"
  std::string_view synopsis;         ///< one invocation form a line
  std::string_view description;      ///< what it does and how
  std::vector<option_doc> options;   ///< every option it accepts, --help included
  std::vector<manual_section> extra; ///< printed after OPTIONS (e.g. COMMANDS)
  std::string_view exit_status;      ///< every exit code and what it means
  std::string_view files;            ///< files it reads or writes
  std::string_view signals;          ///< signals it handles
  std::string_view examples;         ///< command lines worth copying
};

/// The manual entry of the --help option every program takes.
inline constexpr option_doc help_option{
  "--help", "", "print this manual on standard output and exit 0 (also -h)", ""};

/// Renders the whole manual: NAME, SYNOPSIS, DESCRIPTION, OPTIONS, the extra sections,
/// EXIT STATUS, FILES, SIGNALS and EXAMPLES.
std::string render_manual(const manual& page);

/// Renders what follows a usage error: the synopsis and where to read the rest.
std::string render_usage(const manual& page);

/// Prints the manual on standard output; returns 0, the exit status of --help.
int print_manual(const manual& page);

/// Prints "NAME: WHY" and the short usage on standard error; returns 2, the exit status of
/// every usage error.
int usage_error(const manual& page, std::string_view why);

} // namespace switchyard::tools
