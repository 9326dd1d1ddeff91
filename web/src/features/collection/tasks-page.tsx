/** The enterprise's task list (to be built). */
export default function TasksPage() {
  return null;
}
