// SIGINT and SIGTERM end a scan as its input's end would: what the mode owes so far is printed
// (the summary, the count, open calls), then sipwhy exits with 128 + the signal's number, as ping
// and tcpdump print their statistics. A second signal ends sipwhy at once.
#pragma once

namespace sipwhy::cli {

// Installs the handlers (reads are interrupted, not restarted).
void catch_interrupts();

// Whether SIGINT or SIGTERM came.
bool interrupted();

// 128 + the number of the signal that came: 130 for SIGINT, 143 for SIGTERM.
int interrupted_status();

}  // namespace sipwhy::cli
