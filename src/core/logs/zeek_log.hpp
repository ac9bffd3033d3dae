// A Zeek sip.log, or zeek-cut's output of one: the header line names the columns, and each line
// after it is one transaction, its response's code and phrase and a few header values in columns
// (docs/logs.md, "Zeek"). The log scanner reads such a log with this once its first line is a
// header.
#pragma once

#include <sipwhy/sip/sip_message.hpp>

#include <string_view>

namespace sipwhy::detail {

class ZeekLog {
public:
    // Whether `line` is a header that names the columns, status_code among them ("#fields\t..."
    // in a Zeek log, the plain header line that zeek-cut prints); the columns are then known.
    bool header(std::string_view line);
    // Whether a header was read: the lines that follow are the log's.
    bool active() const { return m_active; }
    void reset() { *this = ZeekLog{}; }

    struct Response {
        int code = 0;             // 0 when the line reports none
        std::string_view phrase;  // as the column has it
    };
    // One line of the log: its response, and the header values of its columns read into
    // `message` (Call-ID, CSeq, From, To, User-Agent, Warning). A line starting with '#' is read
    // as a header.
    Response line(std::string_view line, MessageInfo& message);

    struct Columns {  // indexes, or -1
        int status_code = -1, status_msg = -1, call_id = -1, seq = -1, request_from = -1,
            request_to = -1, user_agent = -1, warning = -1;
    };

private:
    bool m_active = false;
    Columns m_columns;
};

}  // namespace sipwhy::detail
