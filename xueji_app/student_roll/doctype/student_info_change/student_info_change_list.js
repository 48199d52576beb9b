// Copyright (c) 2026, Xueji contributors
frappe.listview_settings["Student Info Change"] = xueji.case_list("change_state", false);
