#include "inflate.hpp"

#include "dl_symbol.hpp"
#include "environment.hpp"

#include <zlib.h>

#include <dlfcn.h>
#include <isa-l/igzip_lib.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>

namespace sipwhy::cli {

class GzipInflater::Impl {
public:
    virtual ~Impl() = default;
    virtual void give(const char* data, std::size_t size) = 0;
    virtual std::size_t avail_in() const = 0;
    virtual Step inflate(char* out, std::size_t size) = 0;
    virtual void next_member() = 0;
    virtual const char* name() const = 0;
};

namespace {

// At most this much output per call: both libraries count it in 32 bits.
constexpr std::size_t k_max_out = std::size_t{1} << 30;

class ZlibInflater final : public GzipInflater::Impl {
public:
    ZlibInflater() {
        if (inflateInit2(&m_z, 16 + MAX_WBITS) != Z_OK) {
            throw std::bad_alloc();
        }
    }
    ~ZlibInflater() override { inflateEnd(&m_z); }
    ZlibInflater(const ZlibInflater&) = delete;
    ZlibInflater& operator=(const ZlibInflater&) = delete;

    void give(const char* data, std::size_t size) override {
        m_z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data));
        m_z.avail_in = static_cast<uInt>(size);
    }
    std::size_t avail_in() const override { return m_z.avail_in; }

    GzipInflater::Step inflate(char* out, std::size_t size) override {
        m_z.next_out = reinterpret_cast<Bytef*>(out);
        m_z.avail_out = static_cast<uInt>(std::min(size, k_max_out));
        const int rc = ::inflate(&m_z, Z_NO_FLUSH);
        GzipInflater::Step step;
        step.produced = static_cast<std::size_t>(reinterpret_cast<char*>(m_z.next_out) - out);
        if (rc == Z_STREAM_END) {
            step.member_end = true;
        } else if (rc != Z_OK && !(rc == Z_BUF_ERROR && m_z.avail_in == 0)) {
            step.corrupt = m_z.msg != nullptr ? m_z.msg : "no progress";
        }
        return step;
    }

    void next_member() override { inflateReset(&m_z); }
    const char* name() const override { return "zlib"; }

private:
    z_stream m_z{};
};

// The ISA-L functions sipwhy calls.
struct IsalApi {
    decltype(&::isal_inflate_init) init = nullptr;
    decltype(&::isal_inflate_reset) reset = nullptr;
    decltype(&::isal_inflate) inflate = nullptr;
};

// ISA-L, loaded once; null where it cannot be (not installed, or SIPWHY_LIBISAL=none).
const IsalApi* isal_api() {
    static const IsalApi* api = []() -> const IsalApi* {
        const std::string_view chosen = env("SIPWHY_LIBISAL");
        if (chosen == "none") {
            return nullptr;
        }
        const std::string name =
            chosen.empty() ? std::string(SIPWHY_ISAL_SONAME) : std::string(chosen);
        void* library = ::dlopen(name.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (library == nullptr) {
            return nullptr;
        }
        static IsalApi loaded;
        if (!bind_symbol(library, "isal_inflate_init", loaded.init) ||
            !bind_symbol(library, "isal_inflate_reset", loaded.reset) ||
            !bind_symbol(library, "isal_inflate", loaded.inflate)) {
            ::dlclose(library);
            return nullptr;
        }
        return &loaded;  // the library stays loaded until the process ends
    }();
    return api;
}

// zlib's words for what ISA-L finds wrong, so that an error reads the same with either.
const char* isal_problem(int rc) {
    switch (rc) {
        case ISAL_INVALID_BLOCK:
            return "invalid block type";
        case ISAL_INVALID_SYMBOL:
            return "invalid code";
        case ISAL_INVALID_LOOKBACK:
            return "invalid distance too far back";
        case ISAL_INVALID_WRAPPER:
            return "incorrect header check";
        case ISAL_UNSUPPORTED_METHOD:
            return "unknown compression method";
        case ISAL_INCORRECT_CHECKSUM:
            return "incorrect data check";
        default:
            return "no progress";
    }
}

class IsalInflater final : public GzipInflater::Impl {
public:
    explicit IsalInflater(const IsalApi& api) : m_api(api), m_state(new inflate_state) {
        m_api.init(m_state.get());
        m_state->crc_flag = ISAL_GZIP;  // the header and trailer read, the CRC checked
    }

    void give(const char* data, std::size_t size) override {
        m_state->next_in = reinterpret_cast<std::uint8_t*>(const_cast<char*>(data));
        m_state->avail_in = static_cast<std::uint32_t>(size);
    }
    std::size_t avail_in() const override { return m_state->avail_in; }

    GzipInflater::Step inflate(char* out, std::size_t size) override {
        m_state->next_out = reinterpret_cast<std::uint8_t*>(out);
        m_state->avail_out = static_cast<std::uint32_t>(std::min(size, k_max_out));
        const std::uint32_t before = m_state->avail_in;
        const int rc = m_api.inflate(m_state.get());
        GzipInflater::Step step;
        step.produced = static_cast<std::size_t>(reinterpret_cast<char*>(m_state->next_out) - out);
        if (rc < 0) {
            step.corrupt = isal_problem(rc);
        } else if (m_state->block_state == ISAL_BLOCK_FINISH) {
            step.member_end = true;
        } else if (step.produced == 0 && before > 0 && m_state->avail_in == before) {
            step.corrupt = "no progress";  // never seen: a guard against reading on forever
        }
        return step;
    }

    void next_member() override {
        // The input left is the next member's: the reset keeps neither it nor the flag.
        std::uint8_t* next_in = m_state->next_in;
        const std::uint32_t avail_in = m_state->avail_in;
        m_api.reset(m_state.get());
        m_state->crc_flag = ISAL_GZIP;
        m_state->next_in = next_in;
        m_state->avail_in = avail_in;
    }
    const char* name() const override { return "ISA-L"; }

private:
    const IsalApi& m_api;
    std::unique_ptr<inflate_state> m_state;  // 100 KiB or so: not on the stack
};

}  // namespace

GzipInflater::GzipInflater() {
    if (const IsalApi* api = isal_api()) {
        m_impl = std::make_unique<IsalInflater>(*api);
    } else {
        m_impl = std::make_unique<ZlibInflater>();
    }
}

GzipInflater::~GzipInflater() = default;

void GzipInflater::give(const char* data, std::size_t size) {
    m_impl->give(data, size);
}

std::size_t GzipInflater::avail_in() const {
    return m_impl->avail_in();
}

GzipInflater::Step GzipInflater::inflate(char* out, std::size_t size) {
    return m_impl->inflate(out, size);
}

void GzipInflater::next_member() {
    m_impl->next_member();
}

const char* GzipInflater::name() const {
    return m_impl->name();
}

}  // namespace sipwhy::cli
