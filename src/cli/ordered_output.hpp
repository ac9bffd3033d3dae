// The output of inputs scanned in parallel, written in input order: the first input not yet
// finished writes straight to standard output; the ones after it keep theirs until it is their
// turn, each up to a bound, past which its worker waits (so memory stays bounded however large
// an input's output is). An input's messages for standard error follow its output.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace sipwhy::cli {

// The run stopped (a broken pipe, a write error, a fatal error in another worker): the worker
// that gets this leaves its input.
struct OutputStopped {};

class OrderedOutput {
public:
    // `inputs` slots; each keeps at most `bound` bytes before its turn. `header` is written once,
    // before the output of the first input that asks for it (a CSV header). Output goes to
    // `to_out`, the errors to `to_err` (the process's, whatever a worker's out() is).
    OrderedOutput(std::size_t inputs, std::size_t bound, std::string header, std::ostream& to_out,
                  std::ostream& to_err);

    // Bytes of input `slot`'s output. Waits while the slot holds `bound` bytes and is not first.
    // Throws OutputStopped after stop(), and what writing standard output throws.
    void write(std::size_t slot, std::string_view bytes);
    // Input `slot`'s output begins with the header.
    void want_header(std::size_t slot);
    // Input `slot` is done; `errors` is what it had for standard error.
    void done(std::size_t slot, std::string errors);
    // Ends the run: waiting workers throw OutputStopped, nothing more is written.
    void stop();

private:
    struct Slot {
        std::string held;
        std::string errors;
        bool header = false;
        bool done = false;
    };
    void put(Slot& s, std::string_view bytes);
    void advance();

    std::mutex m_mutex;
    std::condition_variable m_turn;
    std::vector<Slot> m_slots;
    std::size_t m_first = 0;  // the first input not yet written whole
    std::size_t m_bound;
    std::string m_header;
    bool m_header_written = false;
    bool m_stopped = false;
    std::ostream& m_out;
    std::ostream& m_err;
};

// An ostream whose bytes go to one slot of an OrderedOutput, 64 KiB at a time.
class SlotStream : public std::ostream {
public:
    SlotStream(OrderedOutput& output, std::size_t slot);
    ~SlotStream() override;
    SlotStream(const SlotStream&) = delete;
    SlotStream& operator=(const SlotStream&) = delete;

private:
    class Buf : public std::streambuf {
    public:
        Buf(OrderedOutput& output, std::size_t slot);
        int_type overflow(int_type ch) override;
        std::streamsize xsputn(const char* s, std::streamsize n) override;
        int sync() override;

    private:
        void drain();
        OrderedOutput& m_output;
        std::size_t m_slot;
        std::vector<char> m_buffer;
    };
    Buf m_buf;
};

}  // namespace sipwhy::cli
