// Files that survive a crash: whole-file replacement, reading back, errors that name the path.

#include "config/durable_file.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace switchyard::config;

namespace {

// A fresh folder under the system's temporary folder, removed at the end.
struct scratch {
  fs::path dir;

  scratch() {
    dir = fs::temp_directory_path() / ("durable-file-test-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }

  ~scratch() { fs::remove_all(dir); }

  scratch(const scratch&) = delete;
  scratch& operator=(const scratch&) = delete;
};

} // namespace

TEST_SUITE("durable_file") {
  TEST_CASE("a replaced file holds the new text and nothing is left aside") {
    scratch s;
    auto path = (s.dir / "index").string();
    REQUIRE(replace_file(path, "old\n").empty());
    REQUIRE(replace_file(path, "new\n").empty());
    std::string text;
    REQUIRE(read_all(path, text).empty());
    CHECK(text == "new\n");
    CHECK_FALSE(fs::exists(path + ".new"));
  }

  TEST_CASE("kept open, the new file takes appends after its text") {
    scratch s;
    auto path = (s.dir / "journal").string();
    int fd = -1;
    REQUIRE(replace_file(path, "header\n", &fd).empty());
    REQUIRE(fd >= 0);
    CHECK(write_all(fd, "record 1\n"));
    ::close(fd);
    std::string text;
    REQUIRE(read_all(path, text).empty());
    CHECK(text == "header\nrecord 1\n");
  }

  TEST_CASE("a missing file reads as empty and a failed replacement keeps the old text") {
    scratch s;
    std::string text;
    CHECK(read_all((s.dir / "missing").string(), text).empty());
    CHECK(text.empty());
    // The aside file cannot be made where a folder of that name stands: the old text stays.
    auto path = (s.dir / "index").string();
    REQUIRE(replace_file(path, "old\n").empty());
    fs::create_directory(path + ".new");
    auto error = replace_file(path, "new\n");
    CHECK(error.find("cannot create " + path + ".new: ") == 0);
    REQUIRE(read_all(path, text).empty());
    CHECK(text == "old\n");
  }
}
