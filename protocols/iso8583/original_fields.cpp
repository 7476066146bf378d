#include "protocols/iso8583/original_fields.hpp"

namespace switchyard::iso8583 {

void original_fields::keep(int field, std::optional<std::string_view> value) {
  if (find(field) != nullptr)
    return;
  if (value)
    fields_.emplace_back(field, std::string{*value});
  else
    fields_.emplace_back(field, std::nullopt);
}

const std::optional<std::string>* original_fields::find(int field) const noexcept {
  for (const auto& [f, value] : fields_)
    if (f == field)
      return &value;
  return nullptr;
}

std::optional<std::string_view> original_fields::value_of(int field,
                                                          const message& now) const noexcept {
  if (const auto* kept = find(field))
    return kept->has_value() ? std::optional<std::string_view>{**kept} : std::nullopt;
  return now.find(field);
}

void original_fields::restore(message& answer) const {
  for (const auto& [field, value] : fields_) {
    if (!answer.has(field))
      continue;
    if (!value)
      answer.remove(field);
    else if (answer.get(field) != *value)
      answer.set(field, *value);
  }
}

} // namespace switchyard::iso8583
