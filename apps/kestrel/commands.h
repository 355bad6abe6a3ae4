// The `kestrel` command: one file per subcommand. Each file registers itself in the command
// table with a static initializer (the files are compiled straight into the executable, so the
// linker keeps them), which lets subcommands be added without touching main.cc.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace kestrel::cli {

// A subcommand's run function returns the process exit code.
using RunFn = std::function<int()>;

struct CommandInfo {
  const char* name;
  const char* summary;
  int order;                      // position in `kestrel help`
  RunFn (*setup)(CLI::App& app);  // adds the options, returns the run function
};

std::vector<CommandInfo>& command_table();
bool register_command(const CommandInfo& info);

}  // namespace kestrel::cli
