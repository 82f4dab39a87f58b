#include "services/search/probe_face_choice.h"

#include "services/pipeline/face_picker.h"

namespace facecase {

std::optional<ProbeFaceChoice> ProbeFaceChoice::parse(const QString& text) {
    if (text == QLatin1String("all")) return ProbeFaceChoice{};
    if (text == QLatin1String("largest")) return ProbeFaceChoice{Kind::Largest, 0};
    if (text == QLatin1String("central")) return ProbeFaceChoice{Kind::Central, 0};
    bool ok = false;
    const int n = text.toInt(&ok);
    if (ok && n >= 1) return ProbeFaceChoice{Kind::Number, n};
    return std::nullopt;
}

Result<std::vector<int>> ProbeFaceChoice::pick(const std::vector<DetectedFace>& faces, int width,
                                               int height, const QString& path) const {
    std::vector<int> chosen;
    if (faces.empty()) return chosen;
    switch (kind) {
        case Kind::All:
            for (int i = 0; i < int(faces.size()); ++i) chosen.push_back(i);
            break;
        case Kind::Largest: chosen.push_back(FacePicker::largest(faces)); break;
        case Kind::Central: chosen.push_back(FacePicker::nearestCenter(faces, width, height)); break;
        case Kind::Number:
            if (number > int(faces.size())) {
                return Error::invalidInput(QStringLiteral("%1: has %2 face(s), no face %3")
                                               .arg(path).arg(faces.size()).arg(number));
            }
            chosen.push_back(number - 1);
            break;
    }
    return chosen;
}

}  // namespace facecase
