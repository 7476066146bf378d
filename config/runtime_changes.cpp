#include "config/runtime_changes.hpp"

#include "config/durable_file.hpp"
#include "config/network_snippet.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace switchyard::config {

namespace {

namespace fs = std::filesystem;

constexpr const char* index_name = "index";

// Network names become file names: anything but letters, digits, '.', '-' and '_' is '_'.
std::string file_of(const std::string& name) {
  std::string file;
  for (char c : name)
    file += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return file + ".toml";
}

struct index_entry {
  std::string op; ///< put or remove
  std::string name;
};

std::vector<index_entry> read_index(const std::string& dir, std::string& error) {
  std::vector<index_entry> entries;
  auto path = (fs::path{dir} / index_name).string();
  std::ifstream in{path};
  if (!in) {
    if (fs::exists(path))
      error = os_error("cannot read", path);
    return entries;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line.front() == '#')
      continue;
    std::istringstream words{line};
    index_entry e;
    words >> e.op >> e.name;
    if ((e.op != "put" && e.op != "remove") || e.name.empty()) {
      error = path + ":" + std::to_string(number) + ": expected 'put NAME' or 'remove NAME', got '"
              + line + "'";
      return {};
    }
    entries.push_back(std::move(e));
  }
  return entries;
}

std::string record(const std::string& state_dir, const std::string& op, const std::string& name,
                   const std::string* snippet) {
  if (state_dir.empty())
    return {};
  auto dir = runtime_changes_dir(state_dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    return "cannot create " + dir + ": " + ec.message();
  // The snippet first, then the index that names it: a crash between the two leaves the
  // index as it was, and the old snippet (if any) was only ever replaced whole.
  auto file = (fs::path{dir} / file_of(name)).string();
  if (snippet) {
    if (auto error = replace_file(file, *snippet); !error.empty())
      return error;
  }
  std::string error;
  auto entries = read_index(dir, error);
  if (!error.empty())
    return error;
  std::erase_if(entries, [&](const auto& e) { return e.name == name; });
  entries.push_back({op, name});
  std::string text = "# Network changes made at runtime (switchyard-shell), applied in order at "
                     "start on top of the configuration file. Written by the node.\n";
  for (const auto& e : entries)
    text += e.op + " " + e.name + "\n";
  if (auto failed = replace_file((fs::path{dir} / index_name).string(), text); !failed.empty())
    return failed;
  if (!snippet)
    fs::remove(file, ec); // no longer named by the index
  return {};
}

} // namespace

std::string runtime_changes_dir(const std::string& state_dir) {
  return (fs::path{state_dir} / "networks").string();
}

std::string record_network_put(const std::string& state_dir, const std::string& name,
                               const std::string& snippet) {
  return record(state_dir, "put", name, &snippet);
}

std::string record_network_removal(const std::string& state_dir, const std::string& name) {
  return record(state_dir, "remove", name, nullptr);
}

runtime_changes apply_runtime_changes(const gateway_settings& base, const std::string& state_dir) {
  runtime_changes out;
  out.settings = base;
  if (state_dir.empty())
    return out;
  auto dir = runtime_changes_dir(state_dir);
  std::string error;
  auto entries = read_index(dir, error);
  if (!error.empty()) {
    out.errors.push_back({(fs::path{dir} / index_name).string(), 0, 0, "", error});
    return out;
  }
  for (const auto& e : entries) {
    auto& networks = out.settings.networks;
    auto named = [&](const auto& n) {
      return n.name == e.name;
    };
    if (e.op == "remove") {
      std::erase_if(networks, named);
      std::erase_if(out.networks, [&](const auto& r) { return r.settings.name == e.name; });
      out.removed.push_back(e.name);
      continue;
    }
    auto file = (fs::path{dir} / file_of(e.name)).string();
    std::ifstream in{file, std::ios::binary};
    if (!in) {
      out.errors.push_back(
        {file, 0, 0, "",
         "the snippet of network '" + e.name + "' named by " + dir + "/index (file missing)"});
      continue;
    }
    std::string text{std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
    auto exists = std::any_of(networks.begin(), networks.end(), named);
    auto parsed = parse_network_snippet(text, file, out.settings,
                                        exists ? snippet_mode::update : snippet_mode::add);
    if (!parsed.network) {
      out.errors.insert(out.errors.end(), parsed.errors.begin(), parsed.errors.end());
      continue;
    }
    if (parsed.network->name != e.name) {
      out.errors.push_back(
        {file, 0, 0, "networks[0].name",
         "the name '" + e.name + "' the index gives it, not '" + parsed.network->name + "'"});
      continue;
    }
    if (exists)
      *std::find_if(networks.begin(), networks.end(), named) = *parsed.network;
    else
      networks.push_back(*parsed.network);
    std::erase_if(out.networks, [&](const auto& r) { return r.settings.name == e.name; });
    out.networks.push_back({*parsed.network, std::move(text)});
  }
  return out;
}

} // namespace switchyard::config
