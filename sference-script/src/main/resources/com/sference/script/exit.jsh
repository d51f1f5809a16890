/exit com.sference.script.Sference.errorCount() == 0 ? 0 : 1
/exit 1
