// Copyright (c) 2026, Xueji contributors
// 学年末处理: the preview (counts per outcome and per class, every student not simply promoted, with the
// reason) is drawn from the server each time the form opens or is saved; actions go through xueji.workflow_action.
frappe.ui.form.on("Year-End Run", {
	setup(frm) {
		frm.set_query("student", "exceptions", () => ({ filters: { school: frm.doc.school } }));
	},
	onload(frm) {
		// Confirm and Reverse run as background jobs: reload when this run's job is done
		frappe.realtime.on("xueji_action_done", (data) => {
			if (data && data.doctype === frm.doctype && data.name === frm.doc.name) {
				frappe.hide_progress();
				frm.reload_doc();
			}
		});
	},
	refresh(frm) {
		if (["Queued", "Running"].includes(frm.doc.job_status)) {
			frm.dashboard.set_headline(__("Every student of the school is being moved in the background; this page updates when it is done."));
		} else if (frm.doc.job_status === "Failed" && frm.doc.job_failure) {
			frm.dashboard.set_headline(`<span class="text-danger">${frappe.utils.escape_html(frm.doc.job_failure)}</span>`);
		}
		if (frm.is_new()) {
			frm.get_field("preview_html").$wrapper.html(
				`<p class="text-muted">${__("Save the run to see what it will do to every student.")}</p>`
			);
			return;
		}
		xueji.year_end_preview(frm);
	},
	before_workflow_action(frm) {
		return xueji.workflow_action(frm);
	},
});

xueji.year_end_preview = function (frm) {
	const $wrapper = frm.get_field("preview_html").$wrapper;
	$wrapper.html(`<p class="text-muted">${__("Loading")}…</p>`);
	frm.call("get_preview").then((r) => {
		const p = r.message;
		const esc = frappe.utils.escape_html;
		const outcomes = p.by_outcome.map((o) => o.outcome);
		const labels = p.outcome_labels;
		const head = `<tr><th>${__("Grade")}</th><th>${__("Class")}</th>${outcomes.map((o) => `<th class="text-right">${esc(labels[o])}</th>`).join("")}</tr>`;
		const classes = p.by_class
			.map((c) => `<tr><td>${esc(c.grade)}</td><td>${esc(c.class)}</td>${outcomes.map((o) => `<td class="text-right">${c[o] || ""}</td>`).join("")}</tr>`)
			.join("");
		const totals = p.by_outcome.map((o) => `<td class="text-right"><b>${o.count}</b></td>`).join("");
		const exceptions = p.exceptions.length
			? `<table class="table table-bordered table-sm xueji-exceptions"><thead><tr><th>${__("Student")}</th><th>${__("Grade")}</th><th>${__("Outcome")}</th><th>${__("Grade Next Year")}</th><th>${__("Reason")}</th></tr></thead><tbody>${p.exceptions
					.map((e) => `<tr><td><a href="/app/student/${encodeURIComponent(e.student)}">${esc(e.student_name)}</a></td><td>${esc(e.grade)}</td><td>${esc(e.outcome)}</td><td>${esc(e.to_grade)}</td><td>${esc(e.reason)}</td></tr>`)
					.join("")}</tbody></table>`
			: `<p class="text-muted">${__("Every student is promoted or graduates; nobody is held back.")}</p>`;
		$wrapper.html(`
			<div class="xueji-preview">
				<p>${__("{0} students", [p.total])}</p>
				<table class="table table-bordered table-sm xueji-by-class"><thead>${head}</thead>
					<tbody>${classes}<tr><td colspan="2"><b>${__("Total")}</b></td>${totals}</tr></tbody></table>
				<h5>${__("Students not simply promoted or graduated")}</h5>
				${exceptions}
			</div>`);
	});
};
