#include "candidates/candidate_verdict.h"

#include <QCoreApplication>

namespace facecase::ui {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("facecase::ui::VerdictStyle", text);
}
}  // namespace

QString VerdictStyle::word(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return tr("Possible match (lead)");
        case CandidateVerdict::NotAMatch:
            return tr("Not a match");
        case CandidateVerdict::Inconclusive:
            return tr("Inconclusive");
        case CandidateVerdict::None:
            break;
    }
    return tr("No verdict yet");
}

QString VerdictStyle::shortWord(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return tr("Lead");
        case CandidateVerdict::NotAMatch:
            return tr("Not a match");
        case CandidateVerdict::Inconclusive:
            return tr("Inconclusive");
        case CandidateVerdict::None:
            break;
    }
    return tr("Not reviewed");
}

QString VerdictStyle::toolTip(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return tr(
                "Possible match (lead): worth investigating further. Not an "
                "identification. Key 1.");
        case CandidateVerdict::NotAMatch:
            return tr("Not a match: the analyst excluded this candidate. Key 2.");
        case CandidateVerdict::Inconclusive:
            return tr("Inconclusive: the images do not allow a conclusion either way. Key 3.");
        case CandidateVerdict::None:
            break;
    }
    return tr(
        "No verdict recorded yet. Keys 1 / 2 / 3 record possible match / not a match / "
        "inconclusive.");
}

QColor VerdictStyle::color(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return QColor(0x1a, 0x73, 0xe8);  // blue, not green: a lead is not a confirmation
        case CandidateVerdict::NotAMatch:
            return QColor(0x5f, 0x63, 0x68);
        case CandidateVerdict::Inconclusive:
            return QColor(0xf9, 0xab, 0x00);
        case CandidateVerdict::None:
            break;
    }
    return QColor(0xe8, 0xea, 0xed);
}

QColor VerdictStyle::textColor(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
        case CandidateVerdict::NotAMatch:
            return Qt::white;
        case CandidateVerdict::Inconclusive:
            return QColor(0x20, 0x21, 0x24);
        case CandidateVerdict::None:
            break;
    }
    return QColor(0x3c, 0x40, 0x43);
}

QString VerdictStyle::key(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return QStringLiteral("possible_match");
        case CandidateVerdict::NotAMatch:
            return QStringLiteral("no_match");
        case CandidateVerdict::Inconclusive:
            return QStringLiteral("inconclusive");
        case CandidateVerdict::None:
            break;
    }
    return {};
}

CandidateVerdict VerdictStyle::fromKey(const QString& key) {
    for (const CandidateVerdict v : {CandidateVerdict::PossibleMatch, CandidateVerdict::NotAMatch,
                                     CandidateVerdict::Inconclusive})
        if (VerdictStyle::key(v) == key) return v;
    return CandidateVerdict::None;
}

int VerdictStyle::shortcutNumber(CandidateVerdict verdict) {
    switch (verdict) {
        case CandidateVerdict::PossibleMatch:
            return 1;
        case CandidateVerdict::NotAMatch:
            return 2;
        case CandidateVerdict::Inconclusive:
            return 3;
        case CandidateVerdict::None:
            break;
    }
    return 0;
}

}  // namespace facecase::ui
