#include "casework/probe_list_model.h"

#include "casework/probe_kind_wording.h"
#include "types/display_time.h"

#include <QFileInfo>

namespace facecase::ui {

void ProbeListModel::setProbes(std::vector<ProbeRecord> probes) {
    beginResetModel();
    m_probes = std::move(probes);
    endResetModel();
}

int ProbeListModel::addProbe(const ProbeRecord& probe) {
    if (const int row = rowOf(probe.id); row >= 0) return row;
    const int row = int(m_probes.size());
    beginInsertRows({}, row, row);
    m_probes.push_back(probe);
    endInsertRows();
    return row;
}

int ProbeListModel::rowOf(qint64 probeId) const {
    for (std::size_t i = 0; i < m_probes.size(); ++i)
        if (m_probes[i].id == probeId) return int(i);
    return -1;
}

int ProbeListModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_probes.size());
}

QVariant ProbeListModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProbeRecord& p = m_probes[std::size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
            // The declared kind as a tag: a drawing (never searched) must be obvious in the list.
            // The time on a line of its own: the narrow list must not wrap it inside itself.
            return tr("%1\n[%5] %3 \u00D7 %4\n%2")
                .arg(QFileInfo(p.originalPath).fileName(),
                     displayTime(p.importedAt))
                .arg(p.width)
                .arg(p.height)
                .arg(ProbeKindWording::tag(p.declaredKind));
        case Qt::ToolTipRole:
            return QString(tr("Original: %1\nEvidence copy: %2\nSHA-256: %3\nImported %4 by %5\nDeclared as: %6")
                .arg(p.originalPath, p.evidencePath, p.sha256,
                     displayTime(p.importedAt), p.actor,
                     ProbeRecord::kindName(p.declaredKind)) +
                   (p.editNote.isEmpty() ? QString() : tr("\nEdit note: %1").arg(p.editNote)));
        case ProbeIdRole: return p.id;
        case Sha256Role: return p.sha256;
        case EvidencePathRole: return p.evidencePath;
        default: return {};
    }
}

}  // namespace facecase::ui
