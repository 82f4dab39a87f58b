#pragma once

#include <QColor>
#include <QMetaType>
#include <QString>

namespace facecase::ui {

// The analyst's conclusion about one candidate. A candidate list is investigative leads, never
// identifications, so the strongest verdict is "possible match (lead)".
enum class CandidateVerdict { None, PossibleMatch, NotAMatch, Inconclusive };

// Words, colours and database keys of the verdicts, shared by the gallery cards, the filter and
// the compare view's verdict panel so a verdict always reads and looks the same. The colour is
// never the only cue: every badge also carries the word.
class VerdictStyle {
public:
    static QString word(CandidateVerdict verdict);  // "Possible match (lead)", …, "No verdict"
    static QString shortWord(CandidateVerdict verdict);  // for a badge: "Lead", "Not a match", …
    static QString toolTip(CandidateVerdict verdict);    // what the verdict means, and its key
    static QColor color(CandidateVerdict verdict);       // badge background
    static QColor textColor(CandidateVerdict verdict);   // readable on color()
    // The annotations.verdict values of the workspace schema: "possible_match", "no_match",
    // "inconclusive"; empty for None. fromKey() maps anything else to None.
    static QString key(CandidateVerdict verdict);
    static CandidateVerdict fromKey(const QString& key);
    // The keyboard shortcut of the gallery (1, 2, 3); 0 for None.
    static int shortcutNumber(CandidateVerdict verdict);
};

}  // namespace facecase::ui

Q_DECLARE_METATYPE(facecase::ui::CandidateVerdict)
