#include "tests/integration/pan_scan.hpp"

#include <cctype>

namespace switchyard::testing {

namespace {

// One encoding of a card number as it may appear in a log, and how a line is read for it.
struct pan_form {
  std::string pan;
  std::string text; ///< digits, or lowercase hex
  bool hex = false;
};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_hex(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) != 0;
}

bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

std::string hex_of(std::string_view pan, char high) {
  std::string out;
  for (char c : pan) {
    out.push_back(high);
    out.push_back(c);
  }
  return out;
}

const std::vector<pan_form>& forms() {
  static const auto all = [] {
    std::vector<pan_form> out;
    for (const auto& pan : test_pans()) {
      out.push_back({pan, pan, false});
      out.push_back({pan, hex_of(pan, '3'), true}); // ASCII
      out.push_back({pan, hex_of(pan, 'f'), true}); // EBCDIC
    }
    return out;
  }();
  return all;
}

// The characters of `line` of one class, with single separators between two of them dropped
// and anything else turned into '|'; `at` maps each kept character back to the line.
std::string project(std::string_view line, bool hex, std::vector<std::size_t>& at) {
  auto keep = [hex](char c) {
    return hex ? is_hex(c) : is_digit(c);
  };
  auto separator = [hex](char c) {
    return c == ' ' || c == '-' || (hex && c == ':');
  };
  std::string out;
  at.clear();
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (keep(c)) {
      out.push_back(hex ? static_cast<char>(std::tolower(static_cast<unsigned char>(c))) : c);
      at.push_back(i);
    } else if (!(separator(c) && i > 0 && i + 1 < line.size() && keep(line[i - 1])
                 && keep(line[i + 1]))) {
      out.push_back('|');
      at.push_back(i);
    }
  }
  return out;
}

// Masks the characters of `line` at at[from..from+n) but the first 6 and last 4 of a digit form.
void mask_in(std::string& line, const std::vector<std::size_t>& at, std::size_t from, std::size_t n,
             bool hex) {
  for (std::size_t k = 0; k < n; ++k)
    if (hex || (k >= 6 && k + 4 < n))
      line[at[from + k]] = '*';
}

void find_known(std::string_view line, std::size_t number, std::vector<pan_sighting>& out,
                std::string& masked) {
  std::vector<std::size_t> at;
  for (int pass = 0; pass < 2; ++pass) {
    const bool hex = pass == 1;
    auto text = project(line, hex, at);
    for (const auto& form : forms()) {
      if (form.hex != hex)
        continue;
      bool seen = false;
      for (auto p = text.find(form.text); p != std::string::npos; p = text.find(form.text, p + 1)) {
        mask_in(masked, at, p, form.text.size(), hex);
        if (!seen)
          out.push_back({mask_for_report(form.pan), number, {}});
        seen = true;
      }
    }
  }
}

// `line` with the escapes of a quoted logfmt or JSON value (\n, \", \xNN, \u00NN...) turned into
// spaces of the same length: "msg=\"a\n4000001234567899\"" holds a card number standing
// alone once the text is read back, though an 'n' touches it in the line.
std::string blank_escapes(std::string_view line) {
  std::string out{line};
  auto hex_run = [&](std::size_t from, std::size_t n) {
    if (from + n > line.size())
      return false;
    for (std::size_t k = from; k < from + n; ++k)
      if (!is_hex(line[k]))
        return false;
    return true;
  };
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] != '\\')
      continue;
    char c = line[i + 1];
    std::size_t n = 0;
    if (std::string_view{"ntrbf\"\\/"}.find(c) != std::string_view::npos)
      n = 2;
    else if (c == 'x' && hex_run(i + 2, 2))
      n = 4;
    else if (c == 'u' && hex_run(i + 2, 4))
      n = 6;
    for (std::size_t k = i; k < i + n; ++k)
      out[k] = ' ';
    if (n > 0)
      i += n - 1;
  }
  return out;
}

void find_luhn(std::string_view original, std::size_t number, std::vector<pan_sighting>& out,
               std::string& masked) {
  const auto unescaped = blank_escapes(original);
  const std::string_view line = unescaped;
  for (std::size_t i = 0; i < line.size();) {
    if (!is_digit(line[i])) {
      ++i;
      continue;
    }
    auto end = i;
    while (end < line.size() && is_digit(line[end]))
      ++end;
    const auto run = line.substr(i, end - i);
    const bool alone
      = (i == 0 || !is_word(line[i - 1])) && (end == line.size() || !is_word(line[end]));
    const bool fresh = masked.compare(i, run.size(), run) == 0;
    if (alone && fresh && run.size() >= 13 && run.size() <= 19 && run.front() != '0'
        && passes_luhn(run)) {
      out.push_back({mask_for_report(run), number, {}});
      for (std::size_t k = 6; k + 4 < run.size(); ++k)
        masked[i + k] = '*';
    }
    i = end;
  }
}

} // namespace

const std::vector<std::string>& test_pans() {
  static const std::vector<std::string> pans{
    "4111111111111111", "4222222222222222", "4511111111111111", "5500000000000004",
    "6011000000000004", "6011000990139424", "371449635398431",
  };
  return pans;
}

bool passes_luhn(std::string_view digits) {
  int sum = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1)
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return !digits.empty() && sum % 10 == 0;
}

std::string mask_for_report(std::string_view pan) {
  std::string out{pan};
  for (std::size_t i = 6; i + 4 < out.size(); ++i)
    out[i] = '*';
  return out;
}

std::vector<pan_sighting> find_full_pans(std::string_view text) {
  std::vector<pan_sighting> out;
  std::size_t number = 0;
  for (std::size_t start = 0; start < text.size();) {
    auto eol = text.find('\n', start);
    auto line = text.substr(start, eol == std::string_view::npos ? eol : eol - start);
    start = eol == std::string_view::npos ? text.size() : eol + 1;
    ++number;
    const auto first = out.size();
    std::string masked{line};
    find_known(line, number, out, masked);
    find_luhn(line, number, out, masked);
    for (auto i = first; i < out.size(); ++i)
      out[i].masked_line = masked;
  }
  return out;
}

} // namespace switchyard::testing
