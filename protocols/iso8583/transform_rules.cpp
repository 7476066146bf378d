#include "protocols/iso8583/transform_rules.hpp"

namespace switchyard::iso8583 {

namespace {

std::string field_list(const std::vector<int>& fields) {
  std::string out;
  for (int f : fields) {
    if (!out.empty())
      out += ' ';
    out += std::to_string(f);
  }
  return out;
}

std::string map_text(const transform_step& step) {
  auto n = step.table.size();
  std::string out = "map " + std::to_string(step.field) + " (" + std::to_string(n)
                    + (n == 1 ? " entry" : " entries") + ", else ";
  switch (step.fallback) {
    case map_fallback::keep:
      return out + "keep)";
    case map_fallback::remove:
      return out + "remove)";
    case map_fallback::value:
      return out + "\"" + step.value + "\")";
  }
  return out + "keep)";
}

} // namespace

std::string_view to_string(transform_op op) noexcept {
  switch (op) {
    case transform_op::set:
      return "set";
    case transform_op::copy:
      return "copy";
    case transform_op::move:
      return "move";
    case transform_op::remove:
      return "remove";
    case transform_op::map:
      return "map";
    case transform_op::restore:
      return "restore";
  }
  return "set";
}

bool mti_matches(std::string_view pattern, std::string_view mti) noexcept {
  if (pattern.empty())
    return true;
  if (pattern.size() != mti.size())
    return false;
  for (std::size_t i = 0; i < pattern.size(); ++i)
    if (pattern[i] != '?' && pattern[i] != mti[i])
      return false;
  return true;
}

std::string describe(const transform_step& step) {
  std::string out;
  switch (step.op) {
    case transform_op::set:
      out = "set " + std::to_string(step.field) + " = \"" + step.value + "\"";
      break;
    case transform_op::copy:
    case transform_op::move:
      out = std::string{to_string(step.op)} + " " + std::to_string(step.field) + " -> "
            + std::to_string(step.to);
      break;
    case transform_op::remove:
    case transform_op::restore:
      out = std::string{to_string(step.op)} + " " + field_list(step.fields);
      break;
    case transform_op::map:
      out = map_text(step);
      break;
  }
  if (!step.mti.empty())
    out += " for " + step.mti;
  return out;
}

} // namespace switchyard::iso8583
