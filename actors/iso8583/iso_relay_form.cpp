#include "actors/iso8583/iso_relay_form.hpp"

#include <cstdint>

namespace switchyard {

namespace {

constexpr std::string_view no_mti = "----";
constexpr int highest_field = 192;

void put_length(std::string& out, std::uint32_t n) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
}

std::uint32_t get_length(std::string_view in) {
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i)
    n |= static_cast<std::uint32_t>(static_cast<unsigned char>(in[static_cast<std::size_t>(i)]))
         << (8 * i);
  return n;
}

} // namespace

std::string to_relay_form(const iso8583::message& m) {
  std::string out;
  out.reserve(256);
  out.append(m.has_mti() ? m.mti() : no_mti);
  for (int field = 2; field <= highest_field; ++field) {
    if (!m.has(field))
      continue;
    auto value = m.get(field);
    out.push_back(static_cast<char>(field));
    put_length(out, static_cast<std::uint32_t>(value.size()));
    out.append(value);
  }
  return out;
}

bool from_relay_form(std::string_view form, iso8583::message& out) {
  out.clear();
  if (form.size() < 4)
    return false;
  if (auto mti = form.substr(0, 4); mti != no_mti && out.set_mti(mti))
    return false;
  form.remove_prefix(4);
  int previous = 1;
  while (!form.empty()) {
    if (form.size() < 5)
      return false;
    int field = static_cast<unsigned char>(form[0]);
    auto size = get_length(form.substr(1, 4));
    form.remove_prefix(5);
    // Fields come in ascending order, once each: anything else is not a message we wrote.
    if (field <= previous || field > highest_field || size > form.size())
      return false;
    if (out.set(field, form.substr(0, size)))
      return false;
    form.remove_prefix(size);
    previous = field;
  }
  return true;
}

} // namespace switchyard
