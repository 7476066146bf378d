#include "tools/common/manual.hpp"

#include <iostream>

namespace switchyard::tools {

namespace {

constexpr std::string_view section_indent = "    ";
constexpr std::string_view option_text_indent = "        ";

// Appends every line of `text` after `indent`; empty lines stay empty.
void append_indented(std::string& out, std::string_view text, std::string_view indent) {
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    if (!line.empty())
      out.append(indent).append(line);
    out.push_back('\n');
    if (end == std::string_view::npos)
      break;
    text.remove_prefix(end + 1);
  }
}

void append_section(std::string& out, std::string_view title, std::string_view text) {
  if (text.empty())
    return;
  out.append(title).push_back('\n');
  append_indented(out, text, section_indent);
  out.push_back('\n');
}

void append_options(std::string& out, const std::vector<option_doc>& options) {
  out.append("OPTIONS\n");
  for (const auto& option : options) {
    out.append(section_indent).append(option.name);
    if (!option.argument.empty())
      out.append(" ").append(option.argument);
    out.push_back('\n');
    append_indented(out, option.text, option_text_indent);
    if (!option.default_value.empty())
      out.append(option_text_indent)
        .append("default: ")
        .append(option.default_value)
        .push_back('\n');
  }
  out.push_back('\n');
}

} // namespace

std::string render_manual(const manual& page) {
  std::string out;
  std::string name_line{page.name};
  name_line.append(" - ").append(page.summary);
  append_section(out, "NAME", name_line);
  append_section(out, "SYNOPSIS", page.synopsis);
  append_section(out, "DESCRIPTION", page.description);
  append_options(out, page.options);
  for (const auto& section : page.extra)
    append_section(out, section.title, section.text);
  append_section(out, "EXIT STATUS", page.exit_status);
  append_section(out, "FILES", page.files);
  append_section(out, "SIGNALS", page.signals);
  append_section(out, "EXAMPLES", page.examples);
  out.pop_back(); // the blank line after the last section
  return out;
}

std::string render_usage(const manual& page) {
  std::string out{"usage: "};
  std::string_view synopsis = page.synopsis;
  for (bool first = true; !synopsis.empty(); first = false) {
    const auto end = synopsis.find('\n');
    if (!first)
      out.append("       ");
    out.append(synopsis.substr(0, end)).push_back('\n');
    if (end == std::string_view::npos)
      break;
    synopsis.remove_prefix(end + 1);
  }
  out.append("Try '").append(page.name).append(" --help' for the whole manual.\n");
  return out;
}

int print_manual(const manual& page) {
  std::cout << render_manual(page);
  return 0;
}

int usage_error(const manual& page, std::string_view why) {
  std::cerr << page.name << ": " << why << "\n" << render_usage(page);
  return 2;
}

} // namespace switchyard::tools
