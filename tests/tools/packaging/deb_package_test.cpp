// The Debian package as `cpack -G DEB` makes it from this build: its files, control data,
// maintainer scripts, systemd unit (checked by systemd-analyze verify where it is installed)
// and default configuration (checked by the packaged switchyard itself).

#include "tests/integration/child_process.hpp"

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

using namespace std::chrono_literals;
using namespace switchyard::testing;
namespace fs = std::filesystem;

namespace {

const fs::path build_dir{SWITCHYARD_BUILD_DIR};

// A folder in the temp directory, removed with everything in it when the test ends.
class temp_dir {
public:
  temp_dir() {
    path_ = fs::temp_directory_path() / ("switchyard-deb-" + std::to_string(getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }

  ~temp_dir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }

  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  fs::path path() const { return path_; }

private:
  fs::path path_;
};

std::string read_file(const fs::path& file) {
  std::ifstream in{file};
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream lines{text};
  for (std::string l; std::getline(lines, l);)
    if (l == line)
      return true;
  return false;
}

// Returns true when `text` holds `word` between a space and `end`.
bool has_word(const std::string& text, std::string_view word, char end) {
  std::string needle{" "};
  needle.append(word);
  needle.push_back(end);
  return text.find(needle) != std::string::npos;
}

// Returns the one .deb cpack left in `dir`, or an empty path.
fs::path only_deb_in(const fs::path& dir) {
  fs::path found;
  for (const auto& entry : fs::directory_iterator{dir})
    if (entry.path().extension() == ".deb") {
      if (!found.empty())
        return {};
      found = entry.path();
    }
  return found;
}

// Runs cpack on this build into `dir` and returns the package it made.
fs::path make_package(const fs::path& dir) {
  auto cpack = run(
    "/usr/bin/cpack",
    {"-G", "DEB", "-B", dir.string(), "--config", (build_dir / "CPackConfig.cmake").string()}, 90s);
  INFO("cpack said:\n" << cpack.output);
  REQUIRE(cpack.exit_code == 0);
  auto deb = only_deb_in(dir);
  REQUIRE(!deb.empty());
  return deb;
}

// Installs `deb` with dpkg into a copy-on-write view of this machine's root (an overlay in
// private mount, network and process namespaces: thrown away at the end, every process in it
// killed with the script), starts the packaged node as the switchyard user on the packaged
// configuration, stops it with SIGTERM, then removes and purges the package. Prints
// "skip: WHY" when the overlay or the loopback interface is not allowed.
constexpr const char* install_script = R"sh(
set -u
deb=$1 w=$2
mkdir -p "$w/up" "$w/work" "$w/root"
mount -t overlay overlay -o "lowerdir=/,upperdir=$w/up,workdir=$w/work" "$w/root" \
  || { echo "skip: overlay mount refused"; exit 0; }
ip link set lo up || { echo "skip: no loopback in the network namespace"; exit 0; }
mount --bind /proc "$w/root/proc" && mount --bind /dev "$w/root/dev" || exit 1
cp "$deb" "$w/root/tmp/switchyard.deb" || exit 1
exec chroot "$w/root" /bin/sh -c '
dpkg -i /tmp/switchyard.deb >/tmp/dpkg.log 2>&1 || { cat /tmp/dpkg.log; exit 1; }
echo "installed"
echo "user $(id -un switchyard) state $(stat -c "%U:%G %a" /var/lib/switchyard/state)"
cd /
setpriv --reuid=switchyard --regid=switchyard --init-groups \
  switchyard --config /etc/switchyard/switchyard.toml >/tmp/node.log 2>&1 &
node=$!
for i in $(seq 100); do grep -q " running;" /tmp/node.log && break; sleep 0.1; done
kill -TERM $node; wait $node; echo "node exit $?"
cat /tmp/node.log
dpkg -r switchyard >/dev/null 2>&1 && echo "removed"
dpkg -P switchyard >/dev/null 2>&1 && echo "purged"
'
)sh";

} // namespace

TEST_SUITE("debian package") {
  TEST_CASE("cpack builds a deb with the programs, the default config, the unit and the user") {
    temp_dir dir;
    auto deb = make_package(dir.path());

    auto listing = run("/usr/bin/dpkg-deb", {"-c", deb.string()});
    REQUIRE(listing.exit_code == 0);
    INFO("dpkg-deb -c:\n" << listing.output);
    for (std::string_view file :
         {"./usr/bin/switchyard", "./usr/bin/switchyard-shell", "./usr/bin/sim-iso8583",
          "./usr/bin/sim-jsonrpc", "./usr/bin/loadgen-iso8583", "./etc/switchyard/switchyard.toml",
          "./lib/systemd/system/switchyard.service", "./usr/share/man/man1/switchyard.1.gz",
          "./usr/share/man/man1/switchyard-shell.1.gz", "./usr/share/man/man1/sim-iso8583.1.gz",
          "./usr/share/man/man1/sim-jsonrpc.1.gz", "./usr/share/man/man1/loadgen-iso8583.1.gz"}) {
      CAPTURE(file);
      CHECK(has_word(listing.output, file, '\n'));
    }
    CHECK(listing.output.find("-rwxr-xr-x root/root") != std::string::npos);

    auto info = run("/usr/bin/dpkg-deb", {"-I", deb.string()});
    REQUIRE(info.exit_code == 0);
    INFO("dpkg-deb -I:\n" << info.output);
    CHECK(info.output.find(" Package: switchyard\n") != std::string::npos);
    CHECK(info.output.find(" Version: " SWITCHYARD_VERSION "\n") != std::string::npos);
    // dpkg-shlibdeps found the shared libraries the programs link; postinst needs adduser.
    CHECK(info.output.find("libcaf-core0.17") != std::string::npos);
    CHECK(info.output.find("adduser") != std::string::npos);
    for (std::string_view script : {"postinst", "prerm", "postrm", "conffiles"}) {
      CAPTURE(script);
      CHECK(has_word(info.output, script, ' '));
    }
    auto conffiles = run("/usr/bin/dpkg-deb", {"-I", deb.string(), "conffiles"});
    CHECK(has_line(conffiles.output, "/etc/switchyard/switchyard.toml"));
    auto postinst = run("/usr/bin/dpkg-deb", {"-I", deb.string(), "postinst"}).output;
    INFO("postinst:\n" << postinst);
    CHECK(postinst.find("adduser --system --group") != std::string::npos);
    CHECK(postinst.find("-o switchyard -g switchyard -m 0750 /var/lib/switchyard")
          != std::string::npos);

    // The maintainer scripts are executable and parse as POSIX shell (dpkg runs them with sh).
    auto control = dir.path() / "control";
    REQUIRE(run("/usr/bin/dpkg-deb", {"-e", deb.string(), control.string()}).exit_code == 0);
    for (std::string_view script : {"postinst", "prerm", "postrm"}) {
      CAPTURE(script);
      auto file = control / script;
      CHECK(access(file.c_str(), X_OK) == 0);
      auto syntax = run("/bin/sh", {"-n", file.string()});
      INFO(syntax.output);
      CHECK(syntax.exit_code == 0);
    }

    auto root = dir.path() / "root";
    REQUIRE(run("/usr/bin/dpkg-deb", {"-x", deb.string(), root.string()}).exit_code == 0);
    auto unit = read_file(root / "lib/systemd/system/switchyard.service");
    INFO("switchyard.service:\n" << unit);
    CHECK(has_line(unit, "ExecStart=/usr/bin/switchyard --config /etc/switchyard/switchyard.toml"));
    CHECK(has_line(unit, "ExecReload=/bin/kill -HUP $MAINPID"));
    CHECK(has_line(unit, "Restart=on-failure"));
    CHECK(has_line(unit, "User=switchyard"));
    CHECK(has_line(unit, "StateDirectory=switchyard switchyard/state"));
    CHECK(has_line(unit, "WantedBy=multi-user.target"));

    // The man pages are the programs' --help in roff: man's sections, each option a tagged
    // paragraph.
    auto page = run("/bin/sh",
                    {"-c", "zcat \"$0\"", (root / "usr/share/man/man1/switchyard.1.gz").string()});
    INFO("switchyard.1:\n" << page.output);
    CHECK(page.output.starts_with(".TH SWITCHYARD 1 "));
    for (std::string_view line :
         {".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS", ".SH EXIT STATUS",
          ".SH FILES", ".SH SIGNALS", ".SH EXAMPLES", "\\fB\\-\\-config\\fR \\fIFILE\\fR"}) {
      CAPTURE(line);
      CHECK(has_line(page.output, std::string{line}));
    }

    auto config = read_file(root / "etc/switchyard/switchyard.toml");
    CHECK(has_line(config, R"(state_dir = "/var/lib/switchyard/state")"));
    auto version = run((root / "usr/bin/switchyard").string(), {"--version"});
    CHECK(version.exit_code == 0);
    CHECK(version.output.starts_with("switchyard " SWITCHYARD_VERSION " ("));
    // The packaged node accepts its packaged configuration (it creates state_dir when it
    // starts, so check-config needs /var/lib to be writable: the suite runs as root).
    auto check = run((root / "usr/bin/switchyard").string(),
                     {"check-config", (root / "etc/switchyard/switchyard.toml").string()});
    INFO("check-config said:\n" << check.output);
    CHECK(check.exit_code == 0);

    // systemd-analyze verify wants the programs a unit runs to exist, so it verifies a copy
    // whose switchyard is the one unpacked here; every other line is as packaged.
    if (!fs::exists("/usr/bin/systemd-analyze")) {
      MESSAGE("systemd-analyze is not installed: the unit was not verified by systemd");
      return;
    }
    auto verify_dir = dir.path() / "verify";
    fs::create_directories(verify_dir);
    const std::string installed = "/usr/bin/switchyard";
    const std::string unpacked = (root / "usr/bin/switchyard").string();
    std::string verified = unit;
    for (auto at = verified.find(installed); at != std::string::npos;
         at = verified.find(installed, at + unpacked.size()))
      verified.replace(at, installed.size(), unpacked);
    std::ofstream{verify_dir / "switchyard.service"} << verified;
    auto verify
      = run("/usr/bin/systemd-analyze", {"verify", (verify_dir / "switchyard.service").string()});
    INFO("systemd-analyze verify said:\n" << verify.output);
    CHECK(verify.exit_code == 0);
    // It warns about unknown keys and bad values on standard error but still exits 0.
    CHECK(verify.output.empty());
  }

  TEST_CASE("the package installs, makes its user, and its node starts from the packaged config") {
    if (geteuid() != 0) {
      MESSAGE("not root: the package was not installed");
      return;
    }
    temp_dir dir;
    auto deb = make_package(dir.path());
    std::ofstream{dir.path() / "install.sh"} << install_script;
    auto install
      = run("/usr/bin/unshare",
            {"--mount", "--net", "--pid", "--fork", "--kill-child", "--mount-proc", "/bin/sh",
             (dir.path() / "install.sh").string(), deb.string(), (dir.path() / "overlay").string()},
            60s);
    if (install.output.starts_with("skip: ")) {
      MESSAGE("the package was not installed: " << install.output);
      return;
    }
    INFO("install said:\n" << install.output);
    CHECK(install.exit_code == 0);
    CHECK(has_line(install.output, "installed"));
    CHECK(has_line(install.output, "user switchyard state switchyard:switchyard 750"));
    CHECK(install.output.find("switchyard: node sw-1 running;") != std::string::npos);
    CHECK(has_line(install.output, "node exit 0"));
    CHECK(has_line(install.output, "removed"));
    CHECK(has_line(install.output, "purged"));
  }
}
