/** The review inbox (to be built). */
export default function InboxPage() {
  return null;
}
