// The knowledge base as tables: the columns promised, typed cells, CSV quoting and JSON Lines.

#include <sipwhy/render/export.hpp>

#include <gtest/gtest.h>

#include <sstream>

namespace sipwhy {
namespace {

TEST(KbExport, TableNamesRoundTrip) {
    for (const auto name : export_table_names()) {
        const auto table = parse_export_table(name);
        ASSERT_TRUE(table) << name;
        EXPECT_EQ(to_string(*table), name);
    }
    EXPECT_FALSE(parse_export_table("code"));
}

TEST(KbExport, ColumnsAreThePromisedOnes) {
    const KnowledgeBase kb = KnowledgeBase::builtin();
    const auto columns = [&](ExportTable t) {
        std::string out;
        for (const auto c : export_table(kb, t, Lang::en).columns) {
            out += std::string(out.empty() ? "" : ",") + std::string(c);
        }
        return out;
    };
    EXPECT_EQ(columns(ExportTable::codes),
              "code,reason,class,registered,category,next_step,summary,rfc");
    EXPECT_EQ(columns(ExportTable::variants),
              "code,phrase,normalized_phrase,category,next_step,meaning,vendor,kind");
    EXPECT_EQ(columns(ExportTable::q850),
              "cause,name,category,rfc3398_sip,freeswitch_cause,"
              "freeswitch_sip,asterisk_cause,asterisk_sip");
    EXPECT_EQ(columns(ExportTable::platforms),
              "platform,cause,value,sip_status,sip_status_default");
    for (const auto t :
         {ExportTable::codes, ExportTable::variants, ExportTable::q850, ExportTable::platforms}) {
        const ExportRows rows = export_table(kb, t, Lang::en);
        EXPECT_FALSE(rows.rows.empty());
        for (const auto& row : rows.rows) {
            ASSERT_EQ(row.size(), rows.columns.size());
        }
    }
}

TEST(KbExport, CellsRenderTypedInJsonAndQuotedInCsv) {
    ExportRows t{{"n", "flag", "text", "none"},
                 {{std::int64_t{7}, true, std::string("=SUM(A1), \"x\""), std::monostate{}}}};
    std::ostringstream csv;
    render_export_csv(csv, t);
    EXPECT_EQ(csv.str(), "n,flag,text,none\n7,true,\"'=SUM(A1), \"\"x\"\"\",\n");
    std::ostringstream json;
    render_export_json(json, t);
    EXPECT_EQ(json.str(),
              "{\"n\":7,\"flag\":true,\"text\":\"=SUM(A1), \\\"x\\\"\",\"none\":null}\n");
}

}  // namespace
}  // namespace sipwhy
