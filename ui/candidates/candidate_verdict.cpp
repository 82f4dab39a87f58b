#include "candidates/candidate_verdict.h"

#include <QCoreApplication>
#include <array>

namespace facecase::ui {

namespace {
// Everything the app shows of a verdict, one row per CandidateVerdict (in enum order). Texts
// are translated when read (QT_TRANSLATE_NOOP marks them for lupdate).
struct Style {
    const char* word;
    const char* shortWord;
    const char* toolTip;
    QRgb color;
    QRgb textColor;
    const char* key;  // as the store and the CLI spell it; "" for no verdict
    int shortcut;     // the key that records it; 0 for none
};

#define FC_TR(text) QT_TRANSLATE_NOOP("facecase::ui::VerdictStyle", text)
constexpr std::array<Style, 4> kStyles{{
    {FC_TR("No verdict yet"), FC_TR("Not reviewed"),
     FC_TR("No verdict recorded yet. Keys 1 / 2 / 3 record possible match / not a match / "
           "inconclusive."),
     qRgb(0xe8, 0xea, 0xed), qRgb(0x3c, 0x40, 0x43), "", 0},
    // Blue, not green: a lead is not a confirmation.
    {FC_TR("Possible match (lead)"), FC_TR("Lead"),
     FC_TR("Possible match (lead): worth investigating further. Not an identification. Key 1."),
     qRgb(0x1a, 0x73, 0xe8), qRgb(0xff, 0xff, 0xff), "possible_match", 1},
    {FC_TR("Not a match"), FC_TR("Not a match"),
     FC_TR("Not a match: the analyst excluded this candidate. Key 2."), qRgb(0x5f, 0x63, 0x68),
     qRgb(0xff, 0xff, 0xff), "no_match", 2},
    {FC_TR("Inconclusive"), FC_TR("Inconclusive"),
     FC_TR("Inconclusive: the images do not allow a conclusion either way. Key 3."),
     qRgb(0xf9, 0xab, 0x00), qRgb(0x20, 0x21, 0x24), "inconclusive", 3},
}};
#undef FC_TR

const Style& styleOf(CandidateVerdict verdict) { return kStyles[std::size_t(verdict)]; }

QString tr(const char* text) {
    return QCoreApplication::translate("facecase::ui::VerdictStyle", text);
}
}  // namespace

QString VerdictStyle::word(CandidateVerdict verdict) { return tr(styleOf(verdict).word); }
QString VerdictStyle::shortWord(CandidateVerdict verdict) { return tr(styleOf(verdict).shortWord); }
QString VerdictStyle::toolTip(CandidateVerdict verdict) { return tr(styleOf(verdict).toolTip); }
QColor VerdictStyle::color(CandidateVerdict verdict) { return QColor(styleOf(verdict).color); }
QColor VerdictStyle::textColor(CandidateVerdict verdict) { return QColor(styleOf(verdict).textColor); }
QString VerdictStyle::key(CandidateVerdict verdict) { return QString::fromLatin1(styleOf(verdict).key); }
int VerdictStyle::shortcutNumber(CandidateVerdict verdict) { return styleOf(verdict).shortcut; }

CandidateVerdict VerdictStyle::fromKey(const QString& key) {
    for (const CandidateVerdict v : {CandidateVerdict::PossibleMatch, CandidateVerdict::NotAMatch,
                                     CandidateVerdict::Inconclusive})
        if (VerdictStyle::key(v) == key) return v;
    return CandidateVerdict::None;
}

}  // namespace facecase::ui
