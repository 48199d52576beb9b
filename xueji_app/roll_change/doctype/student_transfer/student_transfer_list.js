// Copyright (c) 2026, Xueji contributors
frappe.listview_settings["Student Transfer"] = xueji.case_list("transfer_state");
