#include "protocols/jsonrpc/json_text.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstdint>

namespace switchyard::jsonrpc {

namespace {

// A Boost.JSON parser handler that keeps nothing: the text is only checked.
struct checking_handler {
  static constexpr std::size_t max_object_size = std::size_t(-1);
  static constexpr std::size_t max_array_size = std::size_t(-1);
  static constexpr std::size_t max_key_size = std::size_t(-1);
  static constexpr std::size_t max_string_size = std::size_t(-1);

  using ec_t = boost::json::error_code;
  using sv_t = boost::json::string_view;

  bool on_document_begin(ec_t&) { return true; }

  bool on_document_end(ec_t&) { return true; }

  bool on_array_begin(ec_t&) { return true; }

  bool on_array_end(std::size_t, ec_t&) { return true; }

  bool on_object_begin(ec_t&) { return true; }

  bool on_object_end(std::size_t, ec_t&) { return true; }

  bool on_string_part(sv_t, std::size_t, ec_t&) { return true; }

  bool on_string(sv_t, std::size_t, ec_t&) { return true; }

  bool on_key_part(sv_t, std::size_t, ec_t&) { return true; }

  bool on_key(sv_t, std::size_t, ec_t&) { return true; }

  bool on_number_part(sv_t, ec_t&) { return true; }

  bool on_int64(std::int64_t, sv_t, ec_t&) { return true; }

  bool on_uint64(std::uint64_t, sv_t, ec_t&) { return true; }

  bool on_double(double, sv_t, ec_t&) { return true; }

  bool on_bool(bool, ec_t&) { return true; }

  bool on_null(ec_t&) { return true; }

  bool on_comment_part(sv_t, ec_t&) { return true; }

  bool on_comment(sv_t, ec_t&) { return true; }
};

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Returns the end of the valid JSON string starting at `pos` (its opening quote).
std::size_t skip_string(std::string_view text, std::size_t pos) noexcept {
  for (++pos; pos < text.size(); ++pos) {
    if (text[pos] == '\\')
      ++pos;
    else if (text[pos] == '"')
      return pos + 1;
  }
  return text.size();
}

// Returns the end of the valid JSON value starting at `pos` (no leading whitespace).
std::size_t skip_value(std::string_view text, std::size_t pos) noexcept {
  if (pos >= text.size())
    return pos;
  char c = text[pos];
  if (c == '"')
    return skip_string(text, pos);
  if (c == '{' || c == '[') {
    std::size_t depth = 0;
    while (pos < text.size()) {
      char d = text[pos];
      if (d == '"') {
        pos = skip_string(text, pos);
        continue;
      }
      if (d == '{' || d == '[')
        ++depth;
      else if ((d == '}' || d == ']') && --depth == 0)
        return pos + 1;
      ++pos;
    }
    return pos;
  }
  // A number, true, false or null: up to the next structural character or whitespace.
  while (pos < text.size() && !is_space(text[pos]) && text[pos] != ',' && text[pos] != '}'
         && text[pos] != ']')
    ++pos;
  return pos;
}

std::size_t skip_space(std::string_view text, std::size_t pos) noexcept {
  while (pos < text.size() && is_space(text[pos]))
    ++pos;
  return pos;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::uint32_t hex4(std::string_view s) noexcept {
  std::uint32_t v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9')
      v |= static_cast<std::uint32_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      v |= static_cast<std::uint32_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F')
      v |= static_cast<std::uint32_t>(c - 'A' + 10);
  }
  return v;
}

} // namespace

std::optional<json_error> validate_json(std::string_view text, std::size_t max_depth) {
  boost::json::parse_options options;
  options.max_depth = max_depth;
  boost::json::basic_parser<checking_handler> parser{options};
  boost::json::error_code ec;
  auto used = parser.write_some(false, text.data(), text.size(), ec);
  if (!ec && used == text.size())
    return std::nullopt;
  if (!ec)
    return json_error{used, "extra data after the JSON value"};
  std::string what = ec.message();
  if (ec == boost::json::error::too_deep)
    what = "nested deeper than " + std::to_string(max_depth) + " arrays and objects";
  return json_error{used, std::move(what)};
}

json_kind kind_of(std::string_view value) noexcept {
  if (value.empty())
    return json_kind::invalid;
  switch (value.front()) {
    case '{':
      return json_kind::object;
    case '[':
      return json_kind::array;
    case '"':
      return json_kind::string;
    case 't':
    case 'f':
      return json_kind::boolean;
    case 'n':
      return json_kind::null;
    default:
      return json_kind::number;
  }
}

std::string_view trim_json(std::string_view text) noexcept {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::vector<json_member> members_of(std::string_view object) {
  std::vector<json_member> members;
  std::size_t pos = skip_space(object, 1); // past '{'
  while (pos < object.size() && object[pos] == '"') {
    auto name_end = skip_string(object, pos);
    auto name = object.substr(pos, name_end - pos);
    pos = skip_space(object, skip_space(object, name_end) + 1); // past ':'
    auto value_end = skip_value(object, pos);
    members.push_back({name.find('\\') == std::string_view::npos
                         ? std::string{name.substr(1, name.size() - 2)}
                         : unescape_string(name),
                       object.substr(pos, value_end - pos)});
    pos = skip_space(object, value_end);
    if (pos < object.size() && object[pos] == ',')
      pos = skip_space(object, pos + 1);
  }
  return members;
}

std::vector<std::string_view> elements_of(std::string_view array) {
  std::vector<std::string_view> elements;
  std::size_t pos = skip_space(array, 1); // past '['
  while (pos < array.size() && array[pos] != ']') {
    auto end = skip_value(array, pos);
    elements.push_back(array.substr(pos, end - pos));
    pos = skip_space(array, end);
    if (pos < array.size() && array[pos] == ',')
      pos = skip_space(array, pos + 1);
  }
  return elements;
}

std::string unescape_string(std::string_view value) {
  std::string out;
  auto body = value.substr(1, value.size() - 2);
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\\') {
      out += body[i];
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto cp = hex4(body.substr(i + 1));
        i += 4;
        // A high surrogate followed by a low one is one code point (RFC 8259 §7).
        if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < body.size() + 1 && body[i + 1] == '\\'
            && body[i + 2] == 'u') {
          auto low = hex4(body.substr(i + 3));
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: // " \ /
        out += e;
    }
  }
  return out;
}

void append_json_string(std::string& out, std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      out += "\\u00";
      out += hex[u >> 4];
      out += hex[u & 0xF];
    } else {
      out += c;
    }
  }
  out += '"';
}

} // namespace switchyard::jsonrpc
